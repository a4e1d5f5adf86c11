using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ArticleReader.Web.Newsletter;

/// <summary>Issues and reads the signed time stamp a signup form carries.</summary>
public interface IFormStamp
{
    /// <summary>A tamper-proof token for the current moment.</summary>
    string Issue();

    /// <summary>The moment a token was issued, or null when it is missing or forged.</summary>
    DateTimeOffset? Read(string? token);
}

/// <summary>What a reader sent from the signup form.</summary>
/// <param name="Honeypot">The hidden field people never see; bots fill it.</param>
/// <param name="Confirming">Sent from the confirm step a reader without script goes through.</param>
public sealed record SignupRequest(string? Email, string? Honeypot, string? Stamp, string SourcePath, bool Confirming = false);

/// <summary>How a signup ended; <see cref="Message"/> is shown to the reader as it is.</summary>
public sealed record SignupResult(SignupStatus Status, string Message);

/// <summary>The kinds of answer a signup gets.</summary>
public enum SignupStatus
{
    /// <summary>Stored, already subscribed, or quietly discarded as a bot: all look alike.</summary>
    Accepted,

    /// <summary>The address is not valid; the message says why.</summary>
    Invalid,

    /// <summary>The store could not write; nothing was stored.</summary>
    Unavailable,

    /// <summary>The confirm step came back sooner than a person reads it; the reader is asked again, nothing was stored.</summary>
    TooSoon,
}

/// <summary>
/// Decides what happens to one signup: bot checks, validation, storage. A duplicate gets the
/// same answer as a new address, so nobody can probe who subscribed.
/// </summary>
public sealed partial class SignupService(ISubscriberStore store, IFormStamp stamp, TimeProvider time, double minSecondsToSubmit, ILogger<SignupService> logger)
{
    public const string SuccessMessage = "Thank you. You're on the list: the next round-up arrives on Friday.";
    public const string ExpiredMessage = "This form has been open for more than a day. Reload the page and subscribe again.";

    /// <summary>A form older than this asks the reader to reload (its page may have been open for days).</summary>
    public static readonly TimeSpan MaxFormAge = TimeSpan.FromDays(1);

    public const string UnavailableMessage = "Sorry, we could not save your address just now. Nothing was stored; please try again in a few minutes.";

    public const string ConfirmAgainMessage = "That was quicker than we expected from a person: please press Confirm once more.";

    /// <summary>
    /// The first step of a signup without script (the post carries no form token): null when the
    /// address deserves a confirm page; otherwise the answer to give now. Nothing is stored.
    /// </summary>
    public SignupResult? Screen(string? email, string? honeypot)
    {
        if (!string.IsNullOrEmpty(honeypot))
        {
            LogDiscarded("honeypot field filled");
            return new SignupResult(SignupStatus.Accepted, SuccessMessage);
        }

        var validation = EmailAddressValidator.Validate(email);
        return validation.IsValid ? null : new SignupResult(SignupStatus.Invalid, validation.ErrorMessage);
    }

    /// <summary>Handles one signup.</summary>
    public async Task<SignupResult> SubmitAsync(SignupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(request.Honeypot))
        {
            LogDiscarded("honeypot field filled");
            return new SignupResult(SignupStatus.Accepted, SuccessMessage);
        }

        var issued = stamp.Read(request.Stamp);
        if (issued is null)
        {
            LogDiscarded("form time stamp missing or invalid");
            return new SignupResult(SignupStatus.Accepted, SuccessMessage);
        }

        var age = time.GetUtcNow() - issued.Value;
        if (age > MaxFormAge)
        {
            return new SignupResult(SignupStatus.Invalid, ExpiredMessage);
        }

        if (age.TotalSeconds < minSecondsToSubmit)
        {
            if (request.Confirming)
            {
                // A person may well press Confirm quickly; asking again loses nothing.
                return new SignupResult(SignupStatus.TooSoon, ConfirmAgainMessage);
            }

            LogDiscarded("form sent back too fast");
            return new SignupResult(SignupStatus.Accepted, SuccessMessage);
        }

        var validation = EmailAddressValidator.Validate(request.Email);
        if (!validation.IsValid)
        {
            return new SignupResult(SignupStatus.Invalid, validation.ErrorMessage);
        }

        try
        {
            var outcome = await store.AddAsync(validation.NormalizedAddress, request.SourcePath, cancellationToken).ConfigureAwait(false);
            LogStored(outcome, Hash(validation.NormalizedAddress));
            return new SignupResult(SignupStatus.Accepted, SuccessMessage);
        }
        catch (SubscriberStoreUnavailableException ex)
        {
            LogUnavailable(ex, Hash(validation.NormalizedAddress));
            return new SignupResult(SignupStatus.Unavailable, UnavailableMessage);
        }
    }

    /// <summary>A short hash so logs can tell signups apart without holding an address.</summary>
    public static string Hash(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddressValidator.Key(address))))[..10];

    [LoggerMessage(Level = LogLevel.Information, Message = "Newsletter signup discarded as a bot: {Reason}")]
    private partial void LogDiscarded(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Newsletter signup {Outcome} (address hash {AddressHash})")]
    private partial void LogStored(SubscribeOutcome outcome, string addressHash);

    [LoggerMessage(Level = LogLevel.Error, Message = "Newsletter signup could not be stored (address hash {AddressHash}); answered 503")]
    private partial void LogUnavailable(Exception exception, string addressHash);
}
