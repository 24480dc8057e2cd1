using System;
using System.Threading;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>A token cancelled when the caller stops or the client's session ends (expired, closed, auth failed).</summary>
    internal sealed class SessionEnd : IDisposable
    {
        private readonly ZooKeeperClient _client;
        private readonly CancellationTokenSource _source;

        private SessionEnd(ZooKeeperClient client, CancellationToken stop)
        {
            _client = client;
            _source = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _client.StateChanged += OnStateChanged;
            if (IsOver(client.State))
            {
                _source.Cancel();
            }
        }

        public CancellationToken Token => _source.Token;

        public static SessionEnd Watch(ZooKeeperClient client, CancellationToken stop) => new SessionEnd(client, stop);

        public void Dispose()
        {
            _client.StateChanged -= OnStateChanged;
            _source.Dispose();
        }

        private static bool IsOver(ClientState state) =>
            state == ClientState.Expired || state == ClientState.Closed || state == ClientState.AuthFailed;

        private void OnStateChanged(object? sender, ConnectionChangedEventArgs e)
        {
            if (IsOver(e.State))
            {
                try
                {
                    // Cancellation callbacks must not run on the client's event thread.
                    System.Threading.Tasks.Task.Run(() => _source.Cancel());
                }
                catch (ObjectDisposedException)
                {
                    // Already stopped.
                }
            }
        }
    }
}
