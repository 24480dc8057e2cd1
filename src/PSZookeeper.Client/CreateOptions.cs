using System;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client
{
    /// <summary>The rules that tie a create mode to its op code and TTL.</summary>
    internal static class CreateOptions
    {
        /// <summary>The largest TTL the server accepts (40 bits of milliseconds).</summary>
        public const long MaxTtl = 0xFF_FFFF_FFFFL;

        public static OpCode OpCodeFor(CreateMode mode, bool withStat)
        {
            if (mode == CreateMode.Container)
            {
                return OpCode.CreateContainer;
            }
            if (mode.IsTtl())
            {
                return OpCode.CreateTtl;
            }
            return withStat ? OpCode.Create2 : OpCode.Create;
        }

        public static void ValidateTtl(CreateMode mode, long ttl)
        {
            if (!Enum.IsDefined(typeof(CreateMode), mode))
            {
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown create mode.");
            }
            if (mode.IsTtl())
            {
                if (ttl <= 0 || ttl > MaxTtl)
                {
                    throw new ArgumentOutOfRangeException(nameof(ttl), ttl,
                        $"A TTL node needs a TTL between 1 and {MaxTtl} milliseconds.");
                }
            }
            else if (ttl != 0)
            {
                throw new ArgumentException($"A TTL was given, but create mode {mode} has none; use PersistentWithTtl or PersistentSequentialWithTtl.", nameof(ttl));
            }
        }
    }
}
