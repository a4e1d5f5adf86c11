using System.Globalization;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Checks an e-mail address typed into the newsletter form and normalizes it for storage.
/// </summary>
/// <remarks>
/// <para>
/// This is deliberately stricter than RFC 5322: quoted local parts, comments, domain literals
/// (<c>[1.2.3.4]</c>) and characters that only matter to header parsers are rejected, because real
/// subscribers practically never have them while header- and CSV-injection attempts depend on them.
/// </para>
/// <para>
/// Non-ASCII local parts (<c>jörg@example.com</c>) are <b>rejected</b> with a clear message: SMTPUTF8 is
/// not supported by most mail providers yet, so accepting them would mean confirmations that never arrive.
/// International domain names are accepted and converted to punycode
/// (<c>anna@bücher.example</c> becomes <c>anna@xn--bcher-kva.example</c>).
/// </para>
/// <para>
/// The input is trimmed first, so a trailing newline from a paste is forgiven; whitespace or control
/// characters inside the address are errors. The domain is lower-cased; the local part keeps its case
/// (some servers treat it as significant) and <see cref="Key(string)"/> gives the case-insensitive
/// comparison key used for de-duplication.
/// </para>
/// </remarks>
public static class EmailAddressValidator
{
    /// <summary>Longest address accepted (RFC 5321 path limit minus the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>Longest local part (before the @) accepted, per RFC 5321.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>
    /// Validates <paramref name="input"/> and returns the normalized address or a reader-facing error.
    /// </summary>
    public static EmailValidationResult Validate(string? input)
    {
        var address = input?.Trim() ?? string.Empty;
        if (address.Length == 0)
        {
            return EmailValidationResult.Invalid("Enter your e-mail address.");
        }

        // Character checks come before structure so the reader is told about the odd character
        // rather than a confusing consequence of it.
        var characterError = FindForbiddenCharacter(address);
        if (characterError is not null)
        {
            return EmailValidationResult.Invalid(characterError);
        }

        if (address.Length > MaxLength)
        {
            return TooLong();
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return EmailValidationResult.Invalid("An e-mail address needs an @ sign, like name@example.com.");
        }

        if (address.IndexOf('@', at + 1) >= 0)
        {
            return EmailValidationResult.Invalid("An e-mail address needs one @ sign, not several.");
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length == 0)
        {
            return EmailValidationResult.Invalid("Add the part before the @ sign, like name@example.com.");
        }

        if (domain.Length == 0)
        {
            return EmailValidationResult.Invalid("Add the part after the @ sign, like example.com.");
        }

        var localError = CheckLocalPart(local);
        if (localError is not null)
        {
            return EmailValidationResult.Invalid(localError);
        }

        var (asciiDomain, domainError) = NormalizeDomain(domain);
        if (domainError is not null)
        {
            return EmailValidationResult.Invalid(domainError);
        }

        var normalized = local + "@" + asciiDomain;

        // Punycode can make a short-looking international domain exceed the limit.
        return normalized.Length > MaxLength ? TooLong() : EmailValidationResult.Valid(normalized);
    }

    /// <summary>
    /// For a subscriber store: the address in its stored form, or an exception (without the
    /// address, as exception text ends up in logs) when the caller skipped validation.
    /// </summary>
    public static string NormalizeForStore(string normalizedEmail, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail, parameterName);
        var validation = Validate(normalizedEmail);
        return validation.IsValid
            ? validation.NormalizedAddress
            : throw new ArgumentException("The value is not a valid e-mail address; check it with EmailAddressValidator first.", parameterName);
    }

    /// <summary>
    /// Case-insensitive comparison key for a normalized address (the whole address lower-cased with the
    /// invariant culture), so <c>A@Example.com</c> and <c>a@example.com</c> count as one subscriber.
    /// </summary>
    public static string Key(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        return normalized.ToLowerInvariant();
    }

    private static EmailValidationResult TooLong() =>
        EmailValidationResult.Invalid($"That address is too long ({MaxLength} characters at most).");

    private static string? FindForbiddenCharacter(string address)
    {
        foreach (var c in address)
        {
            // Control characters first: CR/LF are how header injection is attempted.
            if (char.IsControl(c))
            {
                return "E-mail addresses can't contain line breaks, tabs or other control characters.";
            }

            if (char.IsWhiteSpace(c))
            {
                return "E-mail addresses can't contain spaces.";
            }

            var message = c switch
            {
                '"' or '\'' => "E-mail addresses can't contain quotation marks.",
                ',' => "E-mail addresses can't contain commas. Enter one address only.",
                ';' => "E-mail addresses can't contain semicolons. Enter one address only.",
                '<' or '>' => "E-mail addresses can't contain < or >. Enter just the address, like name@example.com.",
                '(' or ')' => "E-mail addresses can't contain parentheses.",
                '[' or ']' => "E-mail addresses can't contain square brackets.",
                '\\' => "E-mail addresses can't contain backslashes.",
                _ => null,
            };
            if (message is not null)
            {
                return message;
            }
        }

        return null;
    }

    private static string? CheckLocalPart(string local)
    {
        if (local.Length > MaxLocalPartLength)
        {
            return $"The part before @ is too long ({MaxLocalPartLength} characters at most).";
        }

        if (local[0] == '.' || local[^1] == '.')
        {
            return "The part before @ can't start or end with a dot.";
        }

        if (local.Contains("..", StringComparison.Ordinal))
        {
            return "The part before @ can't have two dots in a row.";
        }

        foreach (var c in local)
        {
            if (!IsAllowedInLocalPart(c))
            {
                return "The part before @ can only use unaccented letters, digits and signs such as . _ + -";
            }
        }

        return null;
    }

    // RFC 5322 "atext" plus the dot; the quote and other specials were already rejected with their own message.
    private static bool IsAllowedInLocalPart(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal);

    private static (string? AsciiDomain, string? Error) NormalizeDomain(string domain)
    {
        // Ideographic and full-width full stops are label separators in IDNA; treat them like '.'
        // so the structural checks below see the same labels the mapping will.
        var unified = domain.Replace('\u3002', '.').Replace('\uFF0E', '.').Replace('\uFF61', '.');

        if (!unified.Contains('.', StringComparison.Ordinal))
        {
            return (null, "The part after @ needs a dot, like example.com.");
        }

        foreach (var label in unified.Split('.'))
        {
            if (label.Length == 0)
            {
                return (null, "The part after @ can't start or end with a dot or have two dots in a row.");
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return (null, "Each part of the domain after @ must start and end with a letter or digit, not a hyphen.");
            }
        }

        string ascii;
        try
        {
            // A fresh instance per call: IdnMapping's thread-safety is not documented.
            var idn = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false };
            ascii = idn.GetAscii(unified);
        }
        catch (ArgumentException)
        {
            return (null, "The part after @ isn't a valid domain name.");
        }

        return (ascii.ToLowerInvariant(), null);
    }
}
