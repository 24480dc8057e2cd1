using System;
using System.Diagnostics;
using System.Threading.Channels;
using System.Threading.Tasks;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// Raises a recipe's public events one at a time, in order, on a pool thread: never on the
    /// client's event thread, so handlers may call ZooKeeper, and never inline in a recipe's
    /// loop, so a slow handler delays only later events.
    /// </summary>
    internal sealed class EventPump
    {
        private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });

        public EventPump()
        {
            _ = Task.Run(RunAsync);
        }

        public void Post(Action raise) => _queue.Writer.TryWrite(raise);

        /// <summary>Posts and returns a task that completes once the handlers have run.</summary>
        public Task PostAndWait(Action raise)
        {
            var done = Waits.NewSignal();
            if (!_queue.Writer.TryWrite(() =>
            {
                try
                {
                    raise();
                }
                finally
                {
                    done.TrySetResult(true);
                }
            }))
            {
                done.TrySetResult(false);
            }
            return done.Task;
        }

        /// <summary>Stops after the events already posted.</summary>
        public void Complete() => _queue.Writer.TryComplete();

        private async Task RunAsync()
        {
            ChannelReader<Action> reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out Action? raise))
                {
                    try
                    {
                        raise();
                    }
                    catch (Exception ex)
                    {
                        Trace.TraceError("PSZookeeper.Recipes: an event handler threw: {0}", ex);
                    }
                }
            }
        }
    }
}
