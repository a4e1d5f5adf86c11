using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>A Serilog sink that keeps the events (the site reads sinks from its services).</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The request log's lines (Serilog.AspNetCore).</summary>
    public IReadOnlyList<LogEvent> RequestLines => Events.Where(e => Source(e) == ArticleReader.Web.Infrastructure.ApplicationBuilderExtensions.RequestLogCategory).ToArray();

    /// <summary>The message as the site's console sink prints it ({Message:lj}: strings without quotes).</summary>
    public static string Printed(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new Serilog.Formatting.Display.MessageTemplateTextFormatter("{Message:lj}").Format(logEvent, writer);
        return writer.ToString();
    }

    public static string? Source(LogEvent logEvent) => Scalar(logEvent, "SourceContext")?.ToString();

    public static object? Scalar(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue scalar ? scalar.Value : null;

    /// <summary>Waits (up to 10 s) for a request line matching <paramref name="match"/>: the line is written after the answer is sent.</summary>
    public async Task<LogEvent> WaitForRequestLineAsync(Func<LogEvent, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (RequestLines.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such request log line; lines: {string.Join(" | ", RequestLines.Select(e => e.RenderMessage()))}");
            await Task.Delay(20);
        }
    }
}
