using System.Globalization;
using System.Security.Cryptography;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.DataProtection;

namespace ArticleReader.Web.Infrastructure;

/// <summary>A form time stamp signed with ASP.NET Core Data Protection.</summary>
public sealed class FormStamp(IDataProtectionProvider provider, TimeProvider time) : IFormStamp
{
    private readonly IDataProtector _protector = provider.CreateProtector("ArticleReader.Newsletter.FormStamp");

    private IssuedStamp? _current;

    /// <summary>
    /// One token a second is enough (it only says when the form was served, and is not secret),
    /// so pages served from the cache do not pay for a signature each.
    /// </summary>
    public string Issue()
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (Volatile.Read(ref _current) is { } current && current.Second == second)
        {
            return current.Token;
        }

        var token = _protector.Protect(new DateTimeOffset(second * TimeSpan.TicksPerSecond + DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.Zero).UtcTicks.ToString(CultureInfo.InvariantCulture));
        Volatile.Write(ref _current, new IssuedStamp(second, token));
        return token;
    }

    public DateTimeOffset? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(long.Parse(_protector.Unprotect(token), CultureInfo.InvariantCulture), TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private sealed record IssuedStamp(long Second, string Token);
}
