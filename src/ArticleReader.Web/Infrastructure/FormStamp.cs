using System.Globalization;
using System.Security.Cryptography;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.DataProtection;

namespace ArticleReader.Web.Infrastructure;

/// <summary>A form time stamp signed with ASP.NET Core Data Protection.</summary>
public sealed class FormStamp(IDataProtectionProvider provider, TimeProvider time) : IFormStamp
{
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
            return new DateTimeOffset(long.Parse(_protector.Unprotect(token), CultureInfo.InvariantCulture), TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
