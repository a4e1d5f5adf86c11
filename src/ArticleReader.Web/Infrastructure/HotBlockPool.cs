using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Kestrel's buffers, handed out last-returned-first. Kestrel's own pool hands them out
/// first-returned-first, so each response is copied into the block that has been idle the
/// longest, whose memory has left the CPU's caches; a page copied into buffers still in cache,
/// and from them into the socket, costs less (docs/benchmarks.md). Blocks are 4 KB and pinned
/// (the socket layer hands them to the kernel); at most <see cref="MaxRetained"/> idle blocks
/// are kept, the rest are left to the GC.
/// </summary>
public sealed class HotBlockPool : MemoryPool<byte>
{
    /// <summary>The block size of Kestrel's own pool.</summary>
    public const int BlockSize = 4096;

    /// <summary>Idle blocks kept at most (16 MB).</summary>
    public const int MaxRetained = 4096;

    private readonly Block[] _idle = new Block[MaxRetained];
    private readonly Lock _lock = new();
    private int _count;
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Idle blocks held (for tests).</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            // Kestrel's pipes never ask for more than MaxBufferSize; served unpooled.
            return new Block(null, GC.AllocateUninitializedArray<byte>(minBufferSize, pinned: true));
        }

        Block? block = null;
        lock (_lock)
        {
            if (_count > 0)
            {
                block = _idle[--_count];
                _idle[_count] = null!;
            }
        }

        block ??= new Block(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
        block.Rented = true;
        return block;
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            if (!_disposed && _count < MaxRetained)
            {
                _idle[_count++] = block;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            _disposed = true;
            Array.Clear(_idle, 0, _count);
            _count = 0;
        }
    }

    private sealed class Block(HotBlockPool? pool, byte[] array) : IMemoryOwner<byte>
    {
        public bool Rented { get; set; }

        public Memory<byte> Memory { get; } = array;

        public void Dispose()
        {
            // A second Dispose of the same rental must not put the block in the pool twice.
            if (pool is null || !Rented)
            {
                return;
            }

            Rented = false;
            pool.Return(this);
        }
    }
}

/// <summary>Gives Kestrel <see cref="HotBlockPool"/>s instead of its own pools.</summary>
public sealed class HotBlockPoolFactory : IMemoryPoolFactory<byte>
{
    private int _created;

    /// <summary>Pools handed to Kestrel so far (for tests and diagnostics).</summary>
    public int Created => Volatile.Read(ref _created);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        Interlocked.Increment(ref _created);
        return new HotBlockPool();
    }

    /// <summary>Replaces whatever pool factory is registered (Kestrel registers its own).</summary>
    public static void Register(IServiceCollection services)
    {
        services.RemoveAll<IMemoryPoolFactory<byte>>();
        services.AddSingleton<IMemoryPoolFactory<byte>, HotBlockPoolFactory>();
    }
}
