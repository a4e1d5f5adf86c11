using System.Threading.RateLimiting;
using ArticleReader.Web.Newsletter;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// The newsletter rate limit counted in PostgreSQL, so N instances together allow
/// <c>Newsletter:RateLimitPerMinute</c> signups per client per minute, not N times as many.
/// Registered only with the postgres store; without it each instance counts on its own.
/// </summary>
public sealed partial class SharedRateLimit(PostgresRateLimitCounter counter, TimeProvider time, ILogger<SharedRateLimit> logger)
{
    private readonly PostgresRateLimitCounter _counter = counter;
    private readonly TimeProvider _time = time;

    /// <summary>A limiter for one client address (one partition of the newsletter policy).</summary>
    public RateLimiter CreateLimiter(string client, int permitsPerMinute) => new Limiter(this, client, permitsPerMinute);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared rate-limit counter is unavailable; this signup was let through (the store will answer for itself)")]
    private partial void LogCounterUnavailable(Exception exception);

    private sealed class Limiter(SharedRateLimit owner, string client, int permitsPerMinute) : RateLimiter
    {
        private long _lastUsed = owner._time.GetTimestamp();

        // Lets the partitioned limiter drop limiters of clients gone quiet; the counts live in the database.
        public override TimeSpan? IdleDuration => owner._time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        // The synchronous attempt cannot ask the database: it answers "not yet", and the middleware then
        // awaits AcquireAsync, which counts the attempt once.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, owner._time.GetTimestamp());
            if (permitCount == 0)
            {
                return Lease.Granted;
            }

            var now = owner._time.GetUtcNow();
            try
            {
                var hits = await owner._counter.IncrementAsync(client, now, cancellationToken).ConfigureAwait(false);
                return hits <= permitsPerMinute
                    ? Lease.Granted
                    : Lease.Rejected(PostgresRateLimitCounter.WindowStart(now) + PostgresRateLimitCounter.Window - now);
            }
            catch (SubscriberStoreUnavailableException ex)
            {
                // Failing closed would answer 429 for what is really an outage; the signup itself answers 503.
                owner.LogCounterUnavailable(ex);
                return Lease.Granted;
            }
        }
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease NotYet = new(false, null);

        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }

        // Shared instances: nothing to release, since a counted attempt is never given back.
        protected override void Dispose(bool disposing)
        {
        }
    }
}
