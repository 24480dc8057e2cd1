using System;
using System.Linq;
using System.Management.Automation;
using PSZookeeper.Client;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Hands client-thread notifications to a runspace as PowerShell engine events. Only ever
    /// calls PSEventManager.GenerateEvent from the foreign thread (it just queues); scriptblocks
    /// run later on the runspace's own thread.
    /// </summary>
    internal static class EventBridge
    {
        /// <summary>The engine event raised on every connection state change: Register-EngineEvent -SourceIdentifier PSZookeeper.StateChanged.</summary>
        public const string StateChangedSourceIdentifier = "PSZookeeper.StateChanged";

        /// <summary>Raises PSZookeeper.StateChanged engine events for a session, when someone subscribed.</summary>
        public static void Attach(ZKSession session, PSEventManager events)
        {
            session.StateChanged += (sender, e) =>
            {
                if (HasSubscriber(events, StateChangedSourceIdentifier))
                {
                    events.GenerateEvent(StateChangedSourceIdentifier, session, new object[] { session, e }, null);
                }
            };
        }

        public static bool HasSubscriber(PSEventManager events, string sourceIdentifier)
        {
            try
            {
                return events.Subscribers.Any(s => string.Equals(s.SourceIdentifier, sourceIdentifier, StringComparison.OrdinalIgnoreCase));
            }
            catch (InvalidOperationException)
            {
                return true; // the list changed while we looked: raise rather than lose the event
            }
        }

        /// <summary>Removes every PowerShell subscription (and its event job) fed by a session's watchers.</summary>
        public static int UnsubscribeSession(PSEventManager events, JobRepository jobs, ZKSession session) =>
            Unsubscribe(events, jobs, s => s.SourceObject is ZKWatcher w && ReferenceEquals(w.Session, session));

        /// <summary>
        /// Removes subscriptions left behind by sessions that ended while a pipeline was stopping
        /// (their watchers are stopped, so they deliver nothing). Call only from a running pipeline.
        /// </summary>
        public static int RemoveStale(PSEventManager events, JobRepository jobs) =>
            Unsubscribe(events, jobs, s => s.SourceObject is ZKWatcher w && (w.Session.IsTerminal || !w.IsRunning));

        /// <summary>Removes the subscriptions (and event jobs) matching a predicate.</summary>
        public static int Unsubscribe(PSEventManager events, JobRepository jobs, Func<PSEventSubscriber, bool> match)
        {
            int count = 0;
            foreach (PSEventSubscriber subscriber in events.Subscribers.Where(match).ToList())
            {
                events.UnsubscribeEvent(subscriber);
                if (subscriber.SourceObject is ZKWatcher watcher)
                {
                    watcher.Stop(removeFromServer: !watcher.Session.IsTerminal);
                }
                if (subscriber.Action != null)
                {
                    try
                    {
                        jobs.Remove(subscriber.Action);
                    }
                    catch (ArgumentException)
                    {
                        // Already removed by the user.
                    }
                }
                count++;
            }
            return count;
        }
    }
}
