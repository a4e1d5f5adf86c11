using System.Diagnostics.CodeAnalysis;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Outcome of <see cref="EmailAddressValidator.Validate(string?)"/>: either a normalized address
/// ready to store, or a message that can be shown to the reader as it is.
/// </summary>
public sealed record EmailValidationResult
{
    private EmailValidationResult(string? normalizedAddress, string? errorMessage)
    {
        NormalizedAddress = normalizedAddress;
        ErrorMessage = errorMessage;
    }

    /// <summary>The trimmed address with its domain in lower-case punycode; null when invalid.</summary>
    public string? NormalizedAddress { get; }

    /// <summary>A reader-facing sentence naming the problem; null when valid.</summary>
    public string? ErrorMessage { get; }

    /// <summary>True when <see cref="NormalizedAddress"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(NormalizedAddress))]
    [MemberNotNullWhen(false, nameof(ErrorMessage))]
    public bool IsValid => NormalizedAddress is not null;

    internal static EmailValidationResult Valid(string normalizedAddress) => new(normalizedAddress, null);

    internal static EmailValidationResult Invalid(string errorMessage) => new(null, errorMessage);
}
