using ArticleReader.Web.Content;
using ArticleReader.Web.Newsletter;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// The commands that run instead of the server: <c>check [folder]</c> validates content,
/// <c>subscribers export</c> writes the subscriber list as CSV to standard output.
/// </summary>
public static class CommandLine
{
    /// <summary>Runs the command in <paramref name="args"/>; null when the args are not a command (start the site).</summary>
    public static int? TryRun(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        if (args is ["subscribers", "export", ..])
        {
            // The running site holds an exclusive advisory lock on the subscriber file, and reading
            // does not need it. .NET reads this switch once, at the first file it opens (the
            // configuration below), so it must be set before anything else here touches a file.
            AppContext.SetSwitch("System.IO.DisableFileLocking", true);
        }

        var configuration = LoadConfiguration(args);
        switch (args[0])
        {
            case "check":
                return Check(args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null, configuration, output, error);
            case "subscribers" when args.Length > 1 && args[1] == "export":
                return ExportSubscribers(configuration, output, error);
            case "subscribers":
                error.WriteLine("usage: subscribers export   (writes every subscriber as CSV to standard output)");
                return 2;
            default:
                error.WriteLine($"unknown command '{args[0]}'. Commands: check [folder], subscribers export. Without a command the site starts.");
                return 2;
        }
    }

    private static IConfiguration LoadConfiguration(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray())
            .Build();
    }

    private static int Check(string? folder, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var content = configuration.GetSection(ContentOptions.Section).Get<ContentOptions>() ?? new ContentOptions();
        var root = folder ?? content.Root;
        var diagnostics = ContentChecker.Check(root, content.MaxFileBytes, DateTimeOffset.UtcNow);
        foreach (var diagnostic in diagnostics)
        {
            var path = diagnostic.Path == root ? root : Path.Combine(root, diagnostic.Path);
            output.WriteLine((diagnostic with { Path = path }).ToString());
        }

        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count - errors;
        error.WriteLine($"{ContentLoader.ArticlePathsOrEmpty(root).Count} files checked: {errors} {(errors == 1 ? "error" : "errors")}, {warnings} {(warnings == 1 ? "warning" : "warnings")}");
        return errors > 0 ? 1 : 0;
    }

    private static int ExportSubscribers(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var options = configuration.GetSection(NewsletterOptions.Section).Get<NewsletterOptions>() ?? new NewsletterOptions();
        if (PostgresSetup.IsSelected(options.Store))
        {
            return ExportSubscribersFromDatabase(configuration, output, error);
        }

        var path = NewsletterSetup.SubscribersPath(options);
        if (!File.Exists(path))
        {
            output.Write(SubscriberCsv.Header + SubscriberCsv.LineTerminator);
            error.WriteLine($"no subscriber file at {path}; wrote the header only");
            return 0;
        }

        // Only lines that end in a newline (acknowledged records) are read; file locking is off (see TryRun).
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot read {path}: {ex.Message}");
            return 1;
        }

        var complete = text.LastIndexOf('\n') is var end and >= 0 ? text[..(end + 1)] : string.Empty;
        var records = SubscriberCsv.ReadAll(new StringReader(complete)).ToArray();
        SubscriberCsv.WriteAll(output, records);
        error.WriteLine($"{records.Length} subscribers exported from {path}");
        return 0;
    }

    private static int ExportSubscribersFromDatabase(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var connectionString = configuration.GetConnectionString(PostgresSetup.ConnectionStringName);
        if (PostgresSetup.CheckConnectionString(connectionString) is { } problem)
        {
            error.WriteLine(problem);
            return 2;
        }

        // Read everything before writing anything, so a failure never leaves half a list that looks whole.
        SubscriberRecord[] records;
        var store = PostgresSubscriberStore.Create(connectionString!, TimeProvider.System);
        try
        {
            records = store.ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().ToArray();
        }
        catch (SubscriberStoreUnavailableException ex)
        {
            error.WriteLine($"cannot read the subscribers from the database: {ex.Message}");
            return 1;
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        SubscriberCsv.WriteAll(output, records);
        error.WriteLine($"{records.Length} subscribers exported from the database table {PostgresSubscriberStore.TableName}");
        return 0;
    }
}
