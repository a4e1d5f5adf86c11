using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Subscriber store backed by one append-only CSV file (see <see cref="SubscriberCsv"/>), safe for many
/// concurrent requests in one process and guarded against a second process by an exclusive file lock.
/// </summary>
/// <remarks>
/// <para>
/// Durability: <see cref="AddAsync"/> returns <see cref="SubscribeOutcome.Added"/> only after the record has
/// been written and fsync'ed. Concurrent adds are group-committed: one background writer drains every queued
/// record, writes them in one go and fsyncs once for the whole batch.
/// </para>
/// <para>
/// Every record is exactly one physical line: control characters in the source path are percent-encoded
/// (<c>%0A</c>) and addresses cannot contain them, so crash recovery can reason line by line.
/// Records are never rewritten; the only truncation is of bytes that were never acknowledged
/// (a torn tail at open, or the remains of a batch whose write failed).
/// </para>
/// <para>
/// The file is created with mode 600 on Unix because it holds personal data. On Linux the lock is an
/// advisory <c>flock</c>, so only processes that also lock (any .NET FileStream does) are kept out.
/// </para>
/// </remarks>
public sealed class FileSubscriberStore : ISubscriberStore, IAsyncDisposable, IDisposable
{
    // Bounds the size of one write; larger bursts simply take several fsyncs.
    private const int MaxBatchSize = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] HeaderBytes = Encoding.ASCII.GetBytes(SubscriberCsv.Header + SubscriberCsv.LineTerminator);

    private readonly TimeProvider _time;
    private readonly FileStream _file;
    private readonly SafeFileHandle _handle;
    private readonly Stream _output;
    private readonly Channel<PendingWrite> _queue;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _storedKeys;
    private readonly Dictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly Task _writerTask;
    private long _committedLength;
    private bool _closing;
    private Task? _disposeTask;

    private FileSubscriberStore(
        string path,
        TimeProvider time,
        FileStream file,
        HashSet<string> storedKeys,
        IReadOnlyList<string> openWarnings,
        Func<Stream, Stream>? outputDecorator)
    {
        FilePath = path;
        _time = time;
        _file = file;
        _handle = file.SafeFileHandle;
        _output = outputDecorator?.Invoke(file) ?? file;
        _storedKeys = storedKeys;
        _committedLength = file.Length;
        OpenWarnings = openWarnings;
        _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        _writerTask = Task.Run(RunWriterAsync);
    }

    /// <summary>Full path of the subscriber file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Problems found and repaired while opening (torn last line set aside, unreadable lines kept).
    /// Safe to log: the messages name line numbers and files, never an e-mail address.
    /// </summary>
    public IReadOnlyList<string> OpenWarnings { get; }

    /// <summary>Number of distinct (case-insensitive) addresses durably stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _storedKeys.Count;
            }
        }
    }

    /// <summary>
    /// Opens (creating if needed) the subscriber file at <paramref name="path"/>, takes an exclusive lock on it
    /// and repairs a torn last line left by a crash.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is locked by another process or another open store.</exception>
    /// <exception cref="SubscriberStoreUnavailableException">The file cannot be read, created or repaired, or is not a subscriber file.</exception>
    public static FileSubscriberStore Open(string path, TimeProvider time) => Open(path, time, outputDecorator: null);

    /// <summary>
    /// Test seam: <paramref name="outputDecorator"/> wraps the stream that batches are written through,
    /// so tests can inject write failures such as ENOSPC.
    /// </summary>
    internal static FileSubscriberStore Open(string path, TimeProvider time, Func<Stream, Stream>? outputDecorator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);

        var fullPath = Path.GetFullPath(path);
        var file = OpenLocked(fullPath);
        try
        {
            var warnings = new List<string>();
            var keys = Recover(file, fullPath, time, warnings);
            return new FileSubscriberStore(fullPath, time, file, keys, warnings, outputDecorator);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new SubscriberStoreUnavailableException($"The subscriber file '{fullPath}' could not be read or repaired: {ex.Message}", ex);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="normalizedEmail"/> must pass <see cref="EmailAddressValidator.Validate(string?)"/>; it is
    /// normalized again so the stored form is consistent. Cancellation is honoured only until the record is
    /// queued: after that the call waits for the fsync so the caller never gets an ambiguous answer.
    /// A concurrent add of the same address waits for the first one and fails with it if it fails.
    /// </remarks>
    public async Task<SubscribeOutcome> AddAsync(string normalizedEmail, string sourcePath, CancellationToken cancellationToken)
    {
        var email = EmailAddressValidator.NormalizeForStore(normalizedEmail, nameof(normalizedEmail));
        ArgumentNullException.ThrowIfNull(sourcePath);

        cancellationToken.ThrowIfCancellationRequested();

        var key = EmailAddressValidator.Key(email);
        Task? earlier;
        PendingWrite? pending = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            if (_storedKeys.Contains(key))
            {
                return SubscribeOutcome.AlreadySubscribed;
            }

            if (!_inFlight.TryGetValue(key, out earlier))
            {
                var record = new SubscriberRecord(email, _time.GetUtcNow(), SanitizeSourcePath(sourcePath));
                pending = new PendingWrite(key, record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _inFlight.Add(key, pending.Completion.Task);

                // Enqueued under the lock so disposal cannot complete the channel between reservation and write.
                if (!_queue.Writer.TryWrite(pending))
                {
                    _inFlight.Remove(key);
                    throw new ObjectDisposedException(GetType().FullName);
                }
            }
        }

        if (pending is null)
        {
            // Reporting AlreadySubscribed before the first write is durable would be a false success.
            await earlier!.ConfigureAwait(false);
            return SubscribeOutcome.AlreadySubscribed;
        }

        await pending.Completion.Task.ConfigureAwait(false);
        return SubscribeOutcome.Added;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the records committed when enumeration starts, through the store's own handle (the exclusive lock
    /// keeps other readers out). Lines that were reported as unreadable at open are skipped.
    /// </remarks>
    public async IAsyncEnumerable<SubscriberRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long end;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            end = _committedLength;
        }

        var buffer = new byte[64 * 1024];
        using var carry = new MemoryStream();
        var lines = new List<byte[]>();
        var lineNumber = 0;
        long offset = 0;
        while (offset < end)
        {
            var read = await ReadChunkAsync(buffer, offset, end, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            offset += read;
            lines.Clear();
            SplitLines(buffer.AsSpan(0, read), carry, lines);
            foreach (var line in lines)
            {
                lineNumber++;
                if (lineNumber > 1 && TryDecodeRecord(line, out var record))
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>Stops accepting adds, waits for queued records to be written, then releases the file lock.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposeTask is null)
            {
                _closing = true;
                _queue.Writer.TryComplete();
                _disposeTask = FinishDisposeAsync();
            }

            return new ValueTask(_disposeTask);
        }
    }

    /// <summary>Synchronous form of <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task FinishDisposeAsync()
    {
        await _writerTask.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private static FileStream OpenLocked(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,

            // Unbuffered: each batch is one write, and a failed write leaves nothing buffered to flush later.
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(fullPath, options);
        }
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            throw new InvalidOperationException(
                $"The subscriber file '{fullPath}' is in use by another ArticleReader process (or is already open in this one); only one may write it at a time.",
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SubscriberStoreUnavailableException($"The subscriber file '{fullPath}' could not be opened: {ex.Message}", ex);
        }
    }

    // Windows reports ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION; on Unix .NET surfaces flock's raw errno,
    // EWOULDBLOCK (11 on Linux, 35 on macOS and the BSDs).
    private static bool IsSharingViolation(IOException ex) =>
        ex.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021)
        || (OperatingSystem.IsLinux() && ex.HResult == 11)
        || ((OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) && ex.HResult == 35);

    private static HashSet<string> Recover(FileStream file, string path, TimeProvider time, List<string> warnings)
    {
        if (file.Length > int.MaxValue)
        {
            throw new SubscriberStoreUnavailableException($"The subscriber file '{path}' is larger than 2 GB; refusing to load it.");
        }

        var content = new byte[file.Length];
        file.Position = 0;
        file.ReadExactly(content);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var completeLength = Array.LastIndexOf(content, (byte)'\n') + 1;
        var lines = new List<(int Start, int Length)>();
        for (var start = 0; start < completeLength;)
        {
            var newline = Array.IndexOf(content, (byte)'\n', start);
            lines.Add((start, newline - start));
            start = newline + 1;
        }

        if (lines.Count == 0)
        {
            // A crash while writing the header of a new file leaves a prefix of it: nothing to keep.
            var tail = content.AsSpan();
            if (!tail.IsEmpty && !HeaderBytes.AsSpan().StartsWith(tail))
            {
                SetAside(file, path, time, content, 0, lineNumber: 1, incomplete: true, keptLines: 0, warnings);
            }

            file.SetLength(0);
            file.Position = 0;
            file.Write(HeaderBytes);
            file.Flush(flushToDisk: true);
            return keys;
        }

        if (!TryDecodeLine(content.AsSpan(lines[0].Start, lines[0].Length), out var header)
            || !string.Equals(header.TrimStart('\uFEFF'), SubscriberCsv.Header, StringComparison.Ordinal))
        {
            // Appending to a file we did not write could damage someone else's data.
            throw new SubscriberStoreUnavailableException(
                $"The file '{path}' does not start with the subscriber header '{SubscriberCsv.Header}'; refusing to use it.");
        }

        var hasTornTail = completeLength < content.Length;
        for (var index = 1; index < lines.Count; index++)
        {
            var (start, length) = lines[index];
            var bytes = content.AsSpan(start, length);
            if (bytes.IsEmpty || bytes.SequenceEqual("\r"u8))
            {
                continue;
            }

            if (TryDecodeLine(bytes, out var text) && SubscriberCsv.TryParseRecord(text, out var record))
            {
                keys.Add(EmailAddressValidator.Key(record.Email));
                continue;
            }

            if (index == lines.Count - 1 && !hasTornTail)
            {
                // A damaged final line is the signature of an interrupted write.
                SetAside(file, path, time, content, start, lineNumber: index + 1, incomplete: false, keptLines: index, warnings);
                return keys;
            }

            warnings.Add($"line {index + 1} of {path} could not be read; it was left in place and is not counted as a subscriber.");
        }

        if (hasTornTail)
        {
            SetAside(file, path, time, content, completeLength, lineNumber: lines.Count + 1, incomplete: true, keptLines: lines.Count, warnings);
        }

        file.Position = file.Length;
        return keys;
    }

    private static void SetAside(
        FileStream file,
        string path,
        TimeProvider time,
        byte[] content,
        int cutAt,
        int lineNumber,
        bool incomplete,
        int keptLines,
        List<string> warnings)
    {
        var sidePath = UniqueSidePath(path, time);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // The torn text may hold an address: same protection as the main file.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var side = new FileStream(sidePath, options))
        {
            side.Write(content, cutAt, content.Length - cutAt);
            side.Flush(flushToDisk: true);
        }

        // Only after the side copy is durable may the main file lose those bytes.
        file.SetLength(cutAt);
        file.Flush(flushToDisk: true);
        file.Position = cutAt;

        var what = incomplete ? "was incomplete (torn write after a crash)" : "could not be read (damaged write after a crash)";
        warnings.Add($"line {lineNumber} {what} and was set aside in {sidePath}; the {keptLines} line(s) before it were kept.");
    }

    private static string UniqueSidePath(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var candidate = $"{path}.torn-{stamp}";
        for (var attempt = 1; File.Exists(candidate); attempt++)
        {
            candidate = $"{path}.torn-{stamp}-{attempt}";
        }

        return candidate;
    }

    private static bool TryDecodeLine(ReadOnlySpan<byte> bytes, out string text)
    {
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static bool TryDecodeRecord(byte[] line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SubscriberRecord? record)
    {
        record = null;
        return TryDecodeLine(line, out var text) && SubscriberCsv.TryParseRecord(text, out record);
    }

    private static void SplitLines(ReadOnlySpan<byte> chunk, MemoryStream carry, List<byte[]> lines)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                carry.Write(chunk);
                return;
            }

            carry.Write(chunk[..newline]);
            lines.Add(carry.ToArray());
            carry.SetLength(0);
            chunk = chunk[(newline + 1)..];
        }
    }

    private async ValueTask<int> ReadChunkAsync(byte[] buffer, long offset, long end, CancellationToken cancellationToken)
    {
        var count = (int)Math.Min(buffer.Length, end - offset);
        try
        {
            // Positional read: does not disturb the writer's file position.
            return await RandomAccess.ReadAsync(_handle, buffer.AsMemory(0, count), offset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SubscriberStoreUnavailableException($"The subscriber file '{FilePath}' could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>Percent-encodes control characters (<c>%0A</c>) so a record stays one line; shared with the PostgreSQL store so both export the same CSV.</summary>
    internal static string SanitizeSourcePath(string sourcePath)
    {
        if (!sourcePath.AsSpan().ContainsAnyInRange('\u0000', '\u001F') && !sourcePath.Contains('\u007F', StringComparison.Ordinal))
        {
            return sourcePath;
        }

        var builder = new StringBuilder(sourcePath.Length + 8);
        foreach (var c in sourcePath)
        {
            if (c < '\u0020' || c == '\u007F')
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>();
        var payload = new ArrayBufferWriter<byte>(16 * 1024);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                payload.ResetWrittenCount();
                CommitBatch(batch, payload);
            }
        }
    }

    private void CommitBatch(List<PendingWrite> batch, ArrayBufferWriter<byte> payload)
    {
        long committed;
        lock (_gate)
        {
            committed = _committedLength;
        }

        try
        {
            foreach (var pending in batch)
            {
                Encoding.UTF8.GetBytes(SubscriberCsv.FormatRecord(pending.Record) + SubscriberCsv.LineTerminator, payload);
            }

            // A previous failed batch whose clean-up also failed may have left bytes behind.
            if (_file.Length != committed)
            {
                _file.SetLength(committed);
            }

            _file.Position = committed;
            _output.Write(payload.WrittenSpan);
            _output.Flush();
            _file.Flush(flushToDisk: true);
        }
#pragma warning disable CA1031 // Any failure must reach the waiters; an escaping exception would hang them forever.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailBatch(batch, committed, ex);
            return;
        }

        lock (_gate)
        {
            _committedLength = committed + payload.WrittenCount;
            foreach (var pending in batch)
            {
                _inFlight.Remove(pending.Key);
                _storedKeys.Add(pending.Key);
            }
        }

        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult();
        }
    }

    private void FailBatch(List<PendingWrite> batch, long committed, Exception cause)
    {
        // Best effort: cut a partial batch so it can't become a torn line followed by good lines.
        // If this fails too, the next batch retries it before writing.
        try
        {
            _file.SetLength(committed);
            _file.Position = committed;
        }
#pragma warning disable CA1031 // Clean-up is best effort; the original failure is what gets reported.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        var error = new SubscriberStoreUnavailableException(
            $"The subscriber file '{FilePath}' could not be written, so {batch.Count} subscription(s) were not saved: {cause.Message}",
            cause);
        lock (_gate)
        {
            foreach (var pending in batch)
            {
                _inFlight.Remove(pending.Key);
            }
        }

        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(error);
        }
    }

    private sealed record PendingWrite(string Key, SubscriberRecord Record, TaskCompletionSource Completion);
}
