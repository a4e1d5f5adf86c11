using ArticleReader.Web.Content;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ArticleReader.Web.Infrastructure;

/// <summary>Healthy once the first content snapshot is loaded.</summary>
public sealed class ContentHealthCheck(ContentStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        return Task.FromResult(store.IsLoaded
            ? HealthCheckResult.Healthy($"{snapshot.All.Count} articles published, snapshot {snapshot.Version}")
            : HealthCheckResult.Unhealthy("content not loaded yet"));
    }
}
