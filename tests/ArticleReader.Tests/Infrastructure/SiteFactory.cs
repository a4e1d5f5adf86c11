using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>Hosts the site over a test's own content folder, with settings a test may change.</summary>
public sealed class SiteFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _services;

    public SiteFactory(string contentRoot, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string environment = "Testing", Action<IServiceCollection>? services = null)
    {
        _services = services;
        ContentRoot = contentRoot;
        Time = time;
        Environment = environment;
        DataFolder = Path.Combine(Path.GetTempPath(), "ar-tests", "data-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Content:Root"] = contentRoot,
            ["Content:DebounceMilliseconds"] = "50",
            ["Newsletter:SubscribersFile"] = Path.Combine(DataFolder, "subscribers.csv"),
            // Each host its own key ring: hosts in other tests and processes never rotate or add keys under it.
            ["DataProtection:KeysFolder"] = Path.Combine(DataFolder, "keys"),
            ["Newsletter:MinSecondsToSubmit"] = "0",
            ["Newsletter:RateLimitPerMinute"] = "1000",
            ["Site:BaseUrl"] = "https://meridian.example",
            ["Site:PageSize"] = "3",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // Inline socket completions are process-wide: they would also apply to the tests' own clients.
            ["Server:InlineIo"] = "false",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                _settings[key] = value;
            }

            // With the postgres store the key ring lives in the database, shared by instances,
            // unless a test names a folder itself.
            if (string.Equals(settings.TryGetValue("Newsletter:Store", out var store) ? store : null, "postgres", StringComparison.OrdinalIgnoreCase)
                && !settings.ContainsKey("DataProtection:KeysFolder"))
            {
                _settings.Remove("DataProtection:KeysFolder");
            }
        }
    }

    public string ContentRoot { get; }

    public string DataFolder { get; }

    public TimeProvider? Time { get; }

    public string Environment { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (Time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(Time);
            }

            _services?.Invoke(services);
        });
    }

    /// <summary>False for a test of the time before the first load has finished.</summary>
    public bool WaitForContent { get; init; } = true;

    /// <summary>The site loads its content while it starts listening; tests start from a loaded site.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        // UseKestrel(0) (KestrelSite) registers Kestrel's services after the site's, its own
        // buffer pool included; in a published site the site's registration comes last.
        if (!string.Equals(_settings.GetValueOrDefault("Server:HotBuffers"), "false", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConfigureServices(ArticleReader.Web.Infrastructure.HotBlockPoolFactory.Register);
        }

        var host = base.CreateHost(builder);
        if (WaitForContent)
        {
            host.Services.GetRequiredService<ArticleReader.Web.Content.ContentStore>().WhenLoaded.WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        }

        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            if (Directory.Exists(DataFolder))
            {
                Directory.Delete(DataFolder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A fake clock at a fixed moment, for tests of schedules and relative times.</summary>
    public static FakeTimeProvider Clock(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
}
