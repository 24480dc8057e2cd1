using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// Deletes a node the recipe gave up on (a cancelled contender, a lease whose release met a
    /// dead connection) in the background, until it is gone or the session ends (which removes
    /// an ephemeral node anyway). A contender node left behind would block everyone queued after it.
    /// </summary>
    internal static class NodeReaper
    {
        private const int MaxRounds = 10;

        public static void DeleteLater(ConnectionMonitor monitor, string path)
        {
            if (monitor.IsLost)
            {
                return;
            }
            _ = Task.Run(() => DeleteAsync(monitor, path));
        }

        /// <summary>Deletes now, falling back to the background when the connection does not allow it.</summary>
        public static async Task DeleteNowOrLaterAsync(ConnectionMonitor monitor, string path)
        {
            try
            {
                await ZNodes.DeleteAsync(monitor, path, -1, CancellationToken.None).ConfigureAwait(false);
            }
            catch (SessionLostException)
            {
                // Ephemeral nodes went with the session.
            }
            catch (Exception)
            {
                DeleteLater(monitor, path);
            }
        }

        private static async Task DeleteAsync(ConnectionMonitor monitor, string path)
        {
            for (int round = 1; round <= MaxRounds && !monitor.IsLost; round++)
            {
                try
                {
                    await ZNodes.DeleteAsync(monitor, path, -1, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                catch (SessionLostException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Trace.TraceWarning("PSZookeeper.Recipes: could not delete {0} yet (round {1}): {2}", path, round, ex.Message);
                    await Retrying.Backoff.DelayAsync(round).ConfigureAwait(false);
                }
            }
        }
    }
}
