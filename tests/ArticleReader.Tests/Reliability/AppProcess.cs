using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ArticleReader.Tests.Reliability;

/// <summary>
/// The site as a real process (<c>dotnet ArticleReader.Web.dll</c>), for faults that need one:
/// SIGKILL, a restart over the same files, devices such as /dev/full.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(80));

    /// <summary>The built site next to the tests: src/ArticleReader.Web/bin/{Configuration}/net10.0/ArticleReader.Web.dll.</summary>
    public static string AppDll { get; } = FindAppDll();

    /// <summary>Starts the site on a free loopback port and waits until /healthz answers 200.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var port = FreePort();
        var start = StartInfo(environment, ["--urls", $"http://127.0.0.1:{port}"]);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitHealthyAsync(cancellationToken);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command of the site (check, subscribers export) to completion.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(IReadOnlyDictionary<string, string> environment, string[] args, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = StartInfo(environment, args) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not finish within {timeout}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL, as a crash or the OOM killer would: no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"process {_process.Id} did not exit within 30 s of SIGKILL");
        }
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the site exited with code {_process.ExitCode} before it was healthy:\n{RecentOutput}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"/healthz did not answer 200 within {StartTimeout}:\n{RecentOutput}");
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the test host's own settings may leak into the site.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindAppDll()
    {
        // The tests run from tests/ArticleReader.Tests/bin/{Configuration}/{tfm}/; the site was built
        // into the same configuration by the project reference.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = testBin.Name;
        var configuration = testBin.Parent?.Name ?? "Release";
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ArticleReader.sln")))
        {
            root = root.Parent;
        }

        if (root is not null)
        {
            var built = Path.Combine(root.FullName, "src", "ArticleReader.Web", "bin", configuration, tfm, "ArticleReader.Web.dll");
            if (File.Exists(built))
            {
                return built;
            }
        }

        // The project reference also copies the site (with its runtimeconfig) next to the tests.
        var copied = Path.Combine(AppContext.BaseDirectory, "ArticleReader.Web.dll");
        return File.Exists(copied)
            ? copied
            : throw new FileNotFoundException($"ArticleReader.Web.dll was found neither under src/ArticleReader.Web/bin/{configuration}/{tfm} nor in {AppContext.BaseDirectory}");
    }
}
