using System.ComponentModel.DataAnnotations;

namespace ArticleReader.Web.Infrastructure;

/// <summary>The <c>Newsletter</c> section.</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Newsletter";

    /// <summary>Where signups are stored; relative to the working directory. Never under wwwroot or the content folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SubscribersFile { get; set; } = "data/subscribers.csv";

    /// <summary>Signups accepted per client address per minute.</summary>
    [Range(1, 100000)]
    public int RateLimitPerMinute { get; set; } = 5;

    /// <summary>A form sent back sooner after it was served is treated as a bot.</summary>
    [Range(0, 3600)]
    public double MinSecondsToSubmit { get; set; } = 2;

    /// <summary>
    /// <c>file</c> (the default: <see cref="SubscribersFile"/>, one instance) or <c>postgres</c>
    /// (<c>ConnectionStrings:Subscribers</c>, any number of instances).
    /// </summary>
    [RegularExpression("^(?i:file|postgres)$", ErrorMessage = "Newsletter:Store must be 'file' (the default) or 'postgres' (with ConnectionStrings:Subscribers)")]
    public string Store { get; set; } = "file";
}

/// <summary>The <c>DataProtection</c> section.</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>A folder shared by all instances for the key ring (antiforgery, form time stamps).</summary>
    public string? KeysFolder { get; set; }
}
