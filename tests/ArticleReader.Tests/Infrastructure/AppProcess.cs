using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>
/// The site as its own operating-system process (<c>dotnet ArticleReader.Web.dll --urls http://127.0.0.1:0</c>,
/// the build output of the same configuration as the tests), for tests of several instances and of crashes.
/// Its console output is kept so tests can check what it logged; disposing it kills it if it still runs.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    /// <summary>Where the instance listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to its console so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>src/ArticleReader.Web/bin/&lt;configuration&gt;/net10.0/ArticleReader.Web.dll, found above the test binaries.</summary>
    public static string WebDll
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArticleReader.sln")))
            {
                dir = dir.Parent;
            }

            if (dir is null)
            {
                throw new InvalidOperationException("ArticleReader.sln not found above " + AppContext.BaseDirectory);
            }

            var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dll = Path.Combine(dir.FullName, "src", "ArticleReader.Web", "bin", configuration, "net10.0", "ArticleReader.Web.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} does not exist; build the solution ({configuration}) first.");
        }
    }

    /// <summary>Starts an instance in <paramref name="workingDirectory"/> with <paramref name="settings"/> (configuration keys, e.g. <c>Newsletter:Store</c>) and waits until /healthz answers 200.</summary>
    public static async Task<AppProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(WebDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");

        // "Testing": not Production, which would redirect to HTTPS; not Development, which shows exception pages.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["Serilog__MinimumLevel__Default"] = "Information";
        info.Environment["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning";
        info.Environment["Serilog__WriteTo__0__Name"] = "Console";
        info.Environment["Serilog__WriteTo__0__Args__outputTemplate"] = "{Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => app.Received(e.Data);
        process.ErrorDataReceived += (_, e) => app.Received(e.Data);
        process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException("the site exited before listening:\n" + app.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            app.BaseAddress = await app._listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var healthy = await Html.EventuallyAsync(async () =>
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(60));
            return healthy ? app : throw new InvalidOperationException("/healthz did not answer 200:\n" + app.Output);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }
}
