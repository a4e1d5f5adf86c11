using ArticleReader.Web.Content;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Loads the content at start and reloads it when files change: file system events, or polling
/// where events do not arrive. Bursts of events are debounced into one reload.
/// </summary>
public sealed partial class ContentWatcher(ContentStore store, IOptions<ContentOptions> options, IHostApplicationLifetime lifetime, ILogger<ContentWatcher> logger) : BackgroundService
{
    /// <summary>The longest a burst of file events may hold a reload back.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(600);

    private readonly SemaphoreSlim _signal = new(0, 1);
    private FileSystemWatcher? _watcher;

    private Task _firstLoad = Task.CompletedTask;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load runs while the server starts listening and warms up: a request waits for
        // the snapshot (ContentGate) and /healthz answers 503 until it is there. A first load that
        // throws stops the site, as it did when it ran here.
        _firstLoad = Task.Run(() =>
        {
            try
            {
                store.Reload();
            }
            catch (Exception ex)
            {
                LogFirstLoadFailed(ex);
                store.FailFirstLoad(ex);
                lifetime.StopApplication();
                throw;
            }

            if (!options.Value.UsePolling)
            {
                StartFileEvents();
            }

            // The first markdown render of a process compiles the renderer (about 0.2 s): do it
            // now, on the newest story, which is the likeliest to be read first.
            _ = store.Current.Stories.FirstOrDefault()?.BodyHtml;
        }, CancellationToken.None);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _firstLoad.ConfigureAwait(false);
        var debounce = TimeSpan.FromMilliseconds(options.Value.DebounceMilliseconds);
        var poll = TimeSpan.FromMilliseconds(options.Value.PollingIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.Value.UsePolling)
                {
                    await Task.Delay(poll, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                    // Wait until the folder has been quiet for the debounce time, but never longer
                    // than MaxDelay in all: a folder written to without pause still goes live.
                    var firstEvent = Environment.TickCount64;
                    while (Environment.TickCount64 - firstEvent < MaxDelay.TotalMilliseconds
                        && await _signal.WaitAsync(debounce, stoppingToken).ConfigureAwait(false))
                    {
                    }
                }

                store.Reload();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogReloadFailed(ex);
            }
        }
    }

    private void StartFileEvents()
    {
        var root = store.Root;
        if (!Directory.Exists(root))
        {
            LogMissingRoot(root);
            return;
        }

        _watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += (_, _) => Signal();
        _watcher.Created += (_, _) => Signal();
        _watcher.Deleted += (_, _) => Signal();
        _watcher.Renamed += (_, _) => Signal();
        _watcher.Error += (_, e) =>
        {
            LogWatcherError(e.GetException());
            Signal();
        };
        _watcher.EnableRaisingEvents = true;
    }

    private void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already due.
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _signal.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading content failed; the last snapshot stays")]
    private partial void LogReloadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content folder {Root} does not exist; no articles are served until it does (with Content:UsePolling it is picked up when created)")]
    private partial void LogMissingRoot(string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File watcher error; reloading everything")]
    private partial void LogWatcherError(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The first content load failed; the site stops")]
    private partial void LogFirstLoadFailed(Exception exception);
}
