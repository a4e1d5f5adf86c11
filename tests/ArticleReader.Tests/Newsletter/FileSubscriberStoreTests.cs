using System.Diagnostics;
using System.Text;
using ArticleReader.Web.Newsletter;

namespace ArticleReader.Tests.Newsletter;

public sealed class FileSubscriberStoreTests : IDisposable
{
    private const string HeaderLine = "email,subscribed_at_utc,source_path\r\n";
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 6, 30, 12, TimeSpan.Zero);

    private readonly TempFolder _temp = new();
    private readonly ManualTimeProvider _time = new(Start);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Open_NewFile_CreatesDirectoryAndWritesHeader()
    {
        var path = Path.Combine(_temp.Path, "data", "newsletter", "subscribers.csv");

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            Assert.Empty(store.OpenWarnings);
            Assert.Equal(0, store.Count);
        }

        Assert.Equal(HeaderLine, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Open_NewFile_IsOwnerOnly600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _temp.File("subscribers.csv");

        await using var store = FileSubscriberStore.Open(path, _time);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task AddAsync_NewAddress_IsStoredWithInjectedTimeAndSource()
    {
        var path = _temp.File("subscribers.csv");
        _time.Set(Start.AddTicks(1234567));

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("reader@example.com", "/articles/one", CancellationToken.None));
            Assert.Equal(1, store.Count);
        }

        Assert.Equal(
            HeaderLine + "reader@example.com,2026-11-26T06:30:12.1234567Z,/articles/one\r\n",
            await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task AddAsync_500ParallelDistinct_Gives500Records()
    {
        var path = _temp.File("subscribers.csv");
        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
                Task.Run(() => store.AddAsync($"reader{i}@example.com", $"/articles/{i}", CancellationToken.None))));

            Assert.All(outcomes, o => Assert.Equal(SubscribeOutcome.Added, o));
            Assert.Equal(500, store.Count);
        }

        var records = ReadFile(path);
        Assert.Equal(500, records.Count);
        Assert.Equal(500, records.Select(r => r.Email).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal("/articles/" + r.Email["reader".Length..r.Email.IndexOf('@', StringComparison.Ordinal)], r.SourcePath));
    }

    [Fact]
    public async Task AddAsync_50IdenticalConcurrent_GivesOneRecord()
    {
        var path = _temp.File("subscribers.csv");
        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
                Task.Run(() => store.AddAsync("same@example.com", "/p", CancellationToken.None))));

            Assert.Equal(1, outcomes.Count(o => o == SubscribeOutcome.Added));
            Assert.Equal(49, outcomes.Count(o => o == SubscribeOutcome.AlreadySubscribed));
        }

        Assert.Single(ReadFile(path));
    }

    [Fact]
    public async Task AddAsync_DuplicateDifferingInCase_GivesOneRecord()
    {
        var path = _temp.File("subscribers.csv");
        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("A@Example.com", "/p", CancellationToken.None));
            Assert.Equal(SubscribeOutcome.AlreadySubscribed, await store.AddAsync("a@example.com", "/q", CancellationToken.None));
            Assert.Equal(SubscribeOutcome.AlreadySubscribed, await store.AddAsync("a@EXAMPLE.COM", "/r", CancellationToken.None));
        }

        var record = Assert.Single(ReadFile(path));
        Assert.Equal("A@example.com", record.Email);
    }

    [Fact]
    public async Task Open_AfterReopen_KeepsDeduplication()
    {
        var path = _temp.File("subscribers.csv");
        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            await store.AddAsync("reader@example.com", "/p", CancellationToken.None);
        }

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            Assert.Empty(store.OpenWarnings);
            Assert.Equal(1, store.Count);
            Assert.Equal(SubscribeOutcome.AlreadySubscribed, await store.AddAsync("READER@example.com", "/q", CancellationToken.None));
            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("other@example.com", "/q", CancellationToken.None));
        }

        Assert.Equal(["reader@example.com", "other@example.com"], ReadFile(path).Select(r => r.Email));
    }

    [Fact]
    public async Task Open_TornLastLine_IsSetAsideAndFileRepaired()
    {
        var path = _temp.File("subscribers.csv");
        var good = HeaderLine
            + "one@example.com,2026-11-25T10:00:00.0000000Z,/a\r\n"
            + "two@example.com,2026-11-25T11:00:00.0000000Z,/b\r\n";
        const string torn = "thr@exam";
        await File.WriteAllTextAsync(path, good + torn);

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            var warning = Assert.Single(store.OpenWarnings);
            Assert.Contains("line 4 was incomplete (torn write after a crash)", warning, StringComparison.Ordinal);
            Assert.DoesNotContain("@", warning, StringComparison.Ordinal);
            Assert.Equal(2, store.Count);

            var sideFile = Assert.Single(Directory.GetFiles(_temp.Path, "subscribers.csv.torn-*"));
            Assert.Contains(Path.GetFileName(sideFile), warning, StringComparison.Ordinal);
            Assert.Equal(torn, await File.ReadAllTextAsync(sideFile));
            Assert.Equal(
                ["one@example.com", "two@example.com"],
                (await ToListAsync(store.ReadAllAsync(CancellationToken.None))).Select(r => r.Email));

            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("three@example.com", "/c", CancellationToken.None));
        }

        var text = await File.ReadAllTextAsync(path);
        Assert.StartsWith(good + "three@example.com,", text, StringComparison.Ordinal);
        Assert.Equal(["one@example.com", "two@example.com", "three@example.com"], ReadFile(path).Select(r => r.Email));
    }

    [Fact]
    public async Task Open_DamagedLastLineWithNewline_IsSetAside()
    {
        var path = _temp.File("subscribers.csv");
        var good = HeaderLine + "one@example.com,2026-11-25T10:00:00.0000000Z,/a\r\n";
        await File.WriteAllTextAsync(path, good + "two@example.com,2026-11-2\r\n");

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            var warning = Assert.Single(store.OpenWarnings);
            Assert.Contains("line 3", warning, StringComparison.Ordinal);
            Assert.DoesNotContain("@", warning, StringComparison.Ordinal);
            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("two@example.com", "/b", CancellationToken.None));
        }

        Assert.Equal(["one@example.com", "two@example.com"], ReadFile(path).Select(r => r.Email));
    }

    [Fact]
    public async Task Open_UnreadableMiddleLine_IsWarnedAndKept()
    {
        var path = _temp.File("subscribers.csv");
        var content = HeaderLine
            + "one@example.com,2026-11-25T10:00:00.0000000Z,/a\r\n"
            + "garbage-without-fields\r\n"
            + "two@example.com,2026-11-25T11:00:00.0000000Z,/b\r\n";
        await File.WriteAllTextAsync(path, content);

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            var warning = Assert.Single(store.OpenWarnings);
            Assert.Contains("line 3", warning, StringComparison.Ordinal);
            Assert.Contains("left in place", warning, StringComparison.Ordinal);
            Assert.Equal(2, store.Count);
            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("three@example.com", "/c", CancellationToken.None));
        }

        Assert.StartsWith(content, await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.torn-*"));
    }

    [Fact]
    public async Task Open_TornHeaderOfNewFile_IsRewrittenSilently()
    {
        var path = _temp.File("subscribers.csv");
        await File.WriteAllTextAsync(path, "email,subscri");

        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            Assert.Empty(store.OpenWarnings);
        }

        Assert.Equal(HeaderLine, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Open_FileWithoutHeader_IsRefused()
    {
        var path = _temp.File("other.csv");
        const string foreign = "name,amount\r\nrent,1200\r\n";
        await File.WriteAllTextAsync(path, foreign);

        var ex = Assert.Throws<SubscriberStoreUnavailableException>(() => FileSubscriberStore.Open(path, _time));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(foreign, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Open_SecondOpenWhileFirstIsOpen_ThrowsClearMessage()
    {
        var path = _temp.File("subscribers.csv");
        await using var first = FileSubscriberStore.Open(path, _time);

        var ex = Assert.Throws<InvalidOperationException>(() => FileSubscriberStore.Open(path, _time));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("in use by another ArticleReader process", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AfterDispose_CanOpenAgain()
    {
        var path = _temp.File("subscribers.csv");
        var first = FileSubscriberStore.Open(path, _time);
        await first.DisposeAsync();

        await using var second = FileSubscriberStore.Open(path, _time);

        Assert.Empty(second.OpenWarnings);
    }

    [Fact]
    public async Task Open_LockIsSeenByAnotherProcess()
    {
        const string flock = "/usr/bin/flock";
        if (!OperatingSystem.IsLinux() || !File.Exists(flock))
        {
            return;
        }

        var path = _temp.File("subscribers.csv");
        await using (FileSubscriberStore.Open(path, _time))
        {
            Assert.Equal(1, await RunAsync(flock, "-n", path, "true"));
        }

        Assert.Equal(0, await RunAsync(flock, "-n", path, "true"));
    }

    [Fact]
    public async Task AddAsync_WriteFails_ThrowsAndStoresNothing()
    {
        var path = _temp.File("subscribers.csv");
        ControllableStream? output = null;
        await using (var store = FileSubscriberStore.Open(path, _time, s => output = new ControllableStream(s)))
        {
            output!.FailWrites = true;
            output.PartialBytes = 10;

            var ex = await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(
                () => store.AddAsync("reader@example.com", "/p", CancellationToken.None));

            Assert.IsType<IOException>(ex.InnerException);
            Assert.DoesNotContain("reader@", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, store.Count);
            Assert.Empty(await ToListAsync(store.ReadAllAsync(CancellationToken.None)));
        }

        // The 10 bytes that reached the file before the failure were cut off again.
        Assert.Equal(HeaderLine, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task AddAsync_AfterDiskRecovers_StoresCleanlyOnItsOwnLine()
    {
        var path = _temp.File("subscribers.csv");
        ControllableStream? output = null;
        await using (var store = FileSubscriberStore.Open(path, _time, s => output = new ControllableStream(s)))
        {
            await store.AddAsync("first@example.com", "/p", CancellationToken.None);
            output!.FailWrites = true;
            output.PartialBytes = 7;
            await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(
                () => store.AddAsync("reader@example.com", "/p", CancellationToken.None));

            output.FailWrites = false;

            Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("reader@example.com", "/p", CancellationToken.None));
            Assert.Equal(2, store.Count);
        }

        Assert.Equal(["first@example.com", "reader@example.com"], ReadFile(path).Select(r => r.Email));
    }

    [Fact]
    public async Task AddAsync_ConcurrentDuplicatesOfAFailedWrite_AllFail()
    {
        var path = _temp.File("subscribers.csv");
        ControllableStream? output = null;
        await using var store = FileSubscriberStore.Open(path, _time, s => output = new ControllableStream(s));
        output!.FailWrites = true;

        var attempts = Enumerable.Range(0, 10)
            .Select(_ => Task.Run(() => store.AddAsync("same@example.com", "/p", CancellationToken.None)))
            .ToList();

        foreach (var attempt in attempts)
        {
            // None may claim AlreadySubscribed for an address that never reached the disk.
            await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(() => attempt);
        }

        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task AddAsync_QueuedWhileWriterBusy_ShareOneFsync()
    {
        var path = _temp.File("subscribers.csv");
        ControllableStream? output = null;
        using var gate = new ManualResetEventSlim();
        await using (var store = FileSubscriberStore.Open(path, _time, s => output = new ControllableStream(s)))
        {
            output!.HoldNextWrite = gate;
            var first = store.AddAsync("first@example.com", "/p", CancellationToken.None);
            Assert.True(output.WriteStarted.Wait(TimeSpan.FromSeconds(10)));

            var rest = Enumerable.Range(0, 99)
                .Select(i => store.AddAsync($"r{i}@example.com", "/p", CancellationToken.None))
                .ToList();
            gate.Set();
            await first;
            await Task.WhenAll(rest);

            Assert.Equal(2, output.FlushCount);
        }

        Assert.Equal(100, ReadFile(path).Count);
    }

    [Fact]
    public async Task DisposeAsync_WithPendingAdds_WritesThemBeforeReleasing()
    {
        var path = _temp.File("subscribers.csv");
        var store = FileSubscriberStore.Open(path, _time);
        var adds = Enumerable.Range(0, 100)
            .Select(i => store.AddAsync($"r{i}@example.com", "/p", CancellationToken.None))
            .ToList();

        await store.DisposeAsync();

        Assert.All(await Task.WhenAll(adds), o => Assert.Equal(SubscribeOutcome.Added, o));
        Assert.Equal(100, ReadFile(path).Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AddAsync("late@example.com", "/p", CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_InvalidAddress_ThrowsArgumentExceptionWithoutWriting()
    {
        var path = _temp.File("subscribers.csv");
        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            await Assert.ThrowsAsync<ArgumentException>(
                () => store.AddAsync("evil@example.com\r\nx,y", "/p", CancellationToken.None));
        }

        Assert.Equal(HeaderLine, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task AddAsync_SourcePathWithLineBreaksAndFormula_StaysOneLine()
    {
        var path = _temp.File("subscribers.csv");
        await using (var store = FileSubscriberStore.Open(path, _time))
        {
            await store.AddAsync("a@example.com", "=HYPERLINK(\"x\")\r\n,next", CancellationToken.None);
            await store.AddAsync("b@example.com", "/ok", CancellationToken.None);
        }

        var lines = (await File.ReadAllTextAsync(path)).Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("a@example.com,2026-11-26T06:30:12.0000000Z,\"'=HYPERLINK(\"\"x\"\")%0D%0A,next\"", lines[1]);
        Assert.Equal("=HYPERLINK(\"x\")%0D%0A,next", ReadFile(path)[0].SourcePath);
    }

    [Fact]
    public async Task ReadAllAsync_ReturnsStoredRecordsInOrder()
    {
        var path = _temp.File("subscribers.csv");
        await using var store = FileSubscriberStore.Open(path, _time);
        for (var i = 0; i < 5; i++)
        {
            _time.Set(Start.AddMinutes(i));
            await store.AddAsync($"r{i}@example.com", $"/a/{i}", CancellationToken.None);
        }

        var records = await ToListAsync(store.ReadAllAsync(CancellationToken.None));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => new SubscriberRecord($"r{i}@example.com", Start.AddMinutes(i), $"/a/{i}")), records);
        using var export = new StringWriter();
        SubscriberCsv.WriteAll(export, records);
        Assert.Equal(records, SubscriberCsv.ReadAll(new StringReader(export.ToString())));
    }

    // Only after the store is disposed: while it is open its lock keeps other FileStreams out.
    private static List<SubscriberRecord> ReadFile(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path, Encoding.UTF8));
        return SubscriberCsv.ReadAll(reader).ToList();
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<int> RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
