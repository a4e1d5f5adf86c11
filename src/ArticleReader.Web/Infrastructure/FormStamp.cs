using System.Globalization;
using System.Security.Cryptography;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.DataProtection;

namespace ArticleReader.Web.Infrastructure;

/// <summary>A form time stamp signed with ASP.NET Core Data Protection, valid for a day.</summary>
public sealed class FormStamp(IDataProtectionProvider provider, TimeProvider time) : IFormStamp
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly IDataProtector _protector = provider.CreateProtector("ArticleReader.Newsletter.FormStamp");

    public string Issue() => _protector.Protect(time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));

    public DateTimeOffset? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var issued = new DateTimeOffset(long.Parse(_protector.Unprotect(token), CultureInfo.InvariantCulture), TimeSpan.Zero);
            return time.GetUtcNow() - issued > Lifetime ? null : issued;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
