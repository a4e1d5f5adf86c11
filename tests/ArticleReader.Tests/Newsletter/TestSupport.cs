namespace ArticleReader.Tests.Newsletter;

/// <summary>A temporary folder owned by one test and deleted with it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "articlereader-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>A clock the test sets by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}

/// <summary>
/// Wraps the store's file stream so tests can simulate a full disk (including a partial write)
/// and hold the writer inside a write to observe batching.
/// </summary>
internal sealed class ControllableStream(Stream inner) : Stream
{
    private readonly Stream _inner = inner;
    private int _flushCount;
    private volatile bool _failWrites;

    /// <summary>When true, writes fail like ENOSPC after writing <see cref="PartialBytes"/> bytes.</summary>
    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    public int PartialBytes { get; set; }

    /// <summary>When set, the next write signals <see cref="WriteStarted"/> and waits for this gate.</summary>
    public ManualResetEventSlim? HoldNextWrite { get; set; }

    public ManualResetEventSlim WriteStarted { get; } = new();

    public int FlushCount => Volatile.Read(ref _flushCount);

    public override bool CanRead => false;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override void Flush()
    {
        Interlocked.Increment(ref _flushCount);
        _inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var hold = HoldNextWrite;
        if (hold is not null)
        {
            HoldNextWrite = null;
            WriteStarted.Set();
            hold.Wait(TimeSpan.FromSeconds(30));
        }

        if (FailWrites)
        {
            var partial = Math.Min(PartialBytes, buffer.Length);
            _inner.Write(buffer[..partial]);
            throw new IOException("No space left on device");
        }

        _inner.Write(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            WriteStarted.Dispose();
        }

        base.Dispose(disposing);
    }
}
