using ArticleReader.Web.Infrastructure;
using Serilog.Events;

namespace ArticleReader.Tests.Pages;

/// <summary>Which requests get a log line at the default (Information) level.</summary>
public sealed class RequestLogLevelTests
{
    [Theory]
    [InlineData(200, 3, false, LogEventLevel.Debug)]
    [InlineData(304, 1, false, LogEventLevel.Debug)]
    [InlineData(302, 2, false, LogEventLevel.Debug)]
    [InlineData(200, 3, true, LogEventLevel.Information)]
    [InlineData(404, 2, false, LogEventLevel.Information)]
    [InlineData(429, 2, false, LogEventLevel.Information)]
    [InlineData(200, 1500, false, LogEventLevel.Warning)]
    [InlineData(503, 4, false, LogEventLevel.Error)]
    [InlineData(500, 4, true, LogEventLevel.Error)]
    public void Level_FollowsStatusAndTime(int status, double elapsedMs, bool development, LogEventLevel expected) =>
        Assert.Equal(expected, ApplicationBuilderExtensions.RequestLogLevel(status, elapsedMs, exception: null, development));

    [Fact]
    public void Level_OfAnException_IsError() =>
        Assert.Equal(LogEventLevel.Error, ApplicationBuilderExtensions.RequestLogLevel(200, 1, new InvalidOperationException("boom"), everyRequest: false));
}
