using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes
{
    /// <summary>A counter value with the node version it was read at, for <see cref="SharedCounter.TrySetAsync"/>.</summary>
    public sealed class VersionedValue
    {
        internal VersionedValue(long value, int version)
        {
            Value = value;
            Version = version;
        }

        /// <summary>The value.</summary>
        public long Value { get; }

        /// <summary>The node's data version when read.</summary>
        public int Version { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Value} (v{Version})";
    }

    /// <summary>
    /// A shared 64-bit counter in one znode. Every change is a compare-and-set on the node's data
    /// version; <see cref="AddAsync"/> retries a lost race until it wins. Each write carries a random
    /// tag, so a write whose reply was lost to a disconnect is recognised as applied instead of
    /// being applied twice. One case stays undecidable: if another writer replaced our write
    /// before we could look, it is counted as not applied (and <see cref="AddAsync"/> adds again).
    /// </summary>
    public sealed class SharedCounter
    {
        private const int ValueBytes = 8;
        private const int TagBytes = 16;
        private readonly ConnectionMonitor _monitor;
        private readonly long _initial;
        private long _conflicts;

        /// <summary>Creates the counter; the node is created with <paramref name="initialValue"/> on first use.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The counter's node.</param>
        /// <param name="initialValue">The value of a counter that does not exist yet.</param>
        public SharedCounter(ZooKeeperClient client, string path, long initialValue = 0)
        {
            ZNodePath.Validate(path);
            _monitor = ConnectionMonitor.For(client);
            Path = path;
            _initial = initialValue;
        }

        /// <summary>The counter's node.</summary>
        public string Path { get; }

        /// <summary>How many compare-and-sets this instance lost to concurrent writers (and retried).</summary>
        public long Conflicts => Interlocked.Read(ref _conflicts);

        /// <summary>The current value.</summary>
        public async Task<long> GetAsync(CancellationToken cancellationToken = default) =>
            (await GetVersionedAsync(cancellationToken).ConfigureAwait(false)).Value;

        /// <summary>The current value with its version.</summary>
        public async Task<VersionedValue> GetVersionedAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                NodeData? node = await ZNodes.DataAsync(_monitor, Path, cancellationToken).ConfigureAwait(false);
                if (node != null)
                {
                    return new VersionedValue(Decode(node.Data), node.Stat.Version);
                }
                try
                {
                    await ZNodes.EnsureAsync(_monitor, ZNodePath.GetParent(Path), CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
                    await Retrying.RunAsync(_monitor, Path, () => _monitor.Client.CreateAsync(Path, Encode(_initial, null)), cancellationToken).ConfigureAwait(false);
                }
                catch (NodeExistsException)
                {
                    // Created meanwhile (by someone else or our lost-reply attempt): read it.
                }
            }
        }

        /// <summary>Sets the value if it is still at <paramref name="expected"/>'s version; false when someone wrote first.</summary>
        public async Task<bool> TrySetAsync(VersionedValue expected, long newValue, CancellationToken cancellationToken = default)
        {
            if (expected == null)
            {
                throw new ArgumentNullException(nameof(expected));
            }
            byte[] tag = Guid.NewGuid().ToByteArray();
            byte[] data = Encode(newValue, tag);
            bool uncertain = false;
            try
            {
                await Retrying.RunAsync(_monitor, Path, async () =>
                {
                    if (uncertain && await AppliedAsync(expected, tag).ConfigureAwait(false))
                    {
                        return;
                    }
                    try
                    {
                        await _monitor.Client.SetDataAsync(Path, data, expected.Version).ConfigureAwait(false);
                    }
                    catch (ZooKeeperException ex) when (ex.IsTransient)
                    {
                        uncertain = true;
                        throw;
                    }
                }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (BadVersionException)
            {
                return false;
            }
        }

        /// <summary>Adds <paramref name="delta"/> (compare-and-set, retried until it wins); returns the new value.</summary>
        public async Task<long> AddAsync(long delta, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                VersionedValue current = await GetVersionedAsync(cancellationToken).ConfigureAwait(false);
                long next = unchecked(current.Value + delta);
                if (await TrySetAsync(current, next, cancellationToken).ConfigureAwait(false))
                {
                    return next;
                }
                Interlocked.Increment(ref _conflicts);
            }
        }

        /// <summary>Adds one; returns the new value.</summary>
        public Task<long> IncrementAsync(CancellationToken cancellationToken = default) => AddAsync(1, cancellationToken);

        /// <summary>Replaces the value unconditionally.</summary>
        public async Task SetAsync(long value, CancellationToken cancellationToken = default)
        {
            await GetVersionedAsync(cancellationToken).ConfigureAwait(false);
            byte[] data = Encode(value, Guid.NewGuid().ToByteArray());
            await Retrying.RunAsync(_monitor, Path, () => _monitor.Client.SetDataAsync(Path, data), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>After a lost reply: our tag on the node, or one step past our base version, means it landed.</summary>
        private async Task<bool> AppliedAsync(VersionedValue expected, byte[] tag)
        {
            NodeData node = await _monitor.Client.GetDataAsync(Path).ConfigureAwait(false);
            if (node.Stat.Version == expected.Version)
            {
                return false;
            }
            if (HasTag(node.Data, tag))
            {
                return true;
            }
            // Someone else wrote at our version (our CAS lost) or after ours: not ours to claim.
            throw new BadVersionException(Path, "the counter changed while the outcome of a write was unknown", null);
        }

        private static byte[] Encode(long value, byte[]? tag)
        {
            var data = new byte[ValueBytes + (tag?.Length ?? 0)];
            for (int i = 0; i < ValueBytes; i++)
            {
                data[i] = (byte)(value >> (8 * (ValueBytes - 1 - i)));
            }
            tag?.CopyTo(data, ValueBytes);
            return data;
        }

        /// <summary>8-byte big-endian values (with or without tag); 4-byte ones as Curator's SharedCount writes them.</summary>
        private static long Decode(byte[]? data)
        {
            if (data == null || data.Length == 0)
            {
                return 0;
            }
            int length = data.Length == 4 ? 4 : ValueBytes;
            if (data.Length < length)
            {
                throw new FormatException($"A counter node holds 4 or at least 8 bytes, not {data.Length}.");
            }
            long value = 0;
            for (int i = 0; i < length; i++)
            {
                value = (value << 8) | data[i];
            }
            return length == 4 ? (int)value : value;
        }

        private static bool HasTag(byte[]? data, byte[] tag)
        {
            if (data == null || data.Length != ValueBytes + TagBytes)
            {
                return false;
            }
            for (int i = 0; i < TagBytes; i++)
            {
                if (data[ValueBytes + i] != tag[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
