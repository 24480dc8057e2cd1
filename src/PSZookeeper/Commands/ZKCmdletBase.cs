using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// What every PSZookeeper cmdlet shares: Ctrl+C as a cancellation token, blocking on client
    /// tasks so that Ctrl+C stops the pipeline, errors as ErrorRecords with stable ids, and the
    /// session to use (given, or the runspace's current one).
    /// </summary>
    public abstract class ZKCmdletBase : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        // Messages from client threads (a retry under way), written on the pipeline thread while it awaits.
        private readonly ConcurrentQueue<string> _notes = new ConcurrentQueue<string>();
        private readonly AutoResetEvent _noted = new AutoResetEvent(false);

        /// <summary>Cancelled when the pipeline stops (Ctrl+C).</summary>
        protected internal CancellationToken StopToken => _stopping.Token;

        /// <summary>The named sessions of this runspace.</summary>
        internal SessionRegistry Registry => SessionRegistry.For(Runspace.DefaultRunspace);

        /// <summary>The session's calls, each retried across a lost connection only as far as that is safe.</summary>
        internal RetriedCalls Calls(ZKSession session) => new RetriedCalls(this, session);

        /// <summary>Cancels <see cref="StopToken"/>; a cmdlet that overrides this calls the base.</summary>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>The session given, or the current session; a terminating error when there is none or it has ended.</summary>
        protected ZKSession ResolveSession(ZKSession? given)
        {
            ZKSession? session = given ?? Registry.Current;
            if (session == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no ZooKeeper session: run Connect-Zookeeper first, or pass -Session."),
                    "NoSession", ErrorCategory.ConnectionError, null));
            }
            if (session!.IsTerminal)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"ZooKeeper session '{session.Name}' is {session.State}; connect again."),
                    "SessionNotOpen", ErrorCategory.ConnectionError, session));
            }
            return session;
        }

        /// <summary>Waits for a task on the pipeline thread; Ctrl+C stops the pipeline.</summary>
        protected internal T Await<T>(Task<T> task)
        {
            Await((Task)task);
            return task.Result;
        }

        /// <summary>
        /// Waits for a task on the pipeline thread, writing the verbose notes queued meanwhile
        /// (<see cref="Note"/>); Ctrl+C stops the pipeline.
        /// </summary>
        protected internal void Await(Task task)
        {
            try
            {
                if (!task.IsCompleted)
                {
                    var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, _noted, StopToken.WaitHandle };
                    while (!task.IsCompleted && !StopToken.IsCancellationRequested)
                    {
                        WaitHandle.WaitAny(handles);
                        WriteNotes();
                    }
                }
                WriteNotes();
                TaskWaiter.Wait(task, StopToken);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Queues a verbose message from any thread; <see cref="Await(Task)"/> writes it on the pipeline thread.</summary>
        internal void Note(string message)
        {
            _notes.Enqueue(message);
            _noted.Set();
        }

        private void WriteNotes()
        {
            while (_notes.TryDequeue(out string? message))
            {
                WriteVerbose(message);
            }
        }

        /// <summary>Writes a non-terminating error with the exception's stable id and category.</summary>
        protected internal void WriteZKError(Exception ex, object? target) => WriteError(ErrorMap.ToRecord(ex, target));

        /// <summary>Runs one step; a failure becomes a non-terminating error, Ctrl+C still stops.</summary>
        protected bool Try(Action step, object? target)
        {
            try
            {
                step();
                return true;
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is PSInvalidOperationException))
            {
                WriteZKError(ex, target);
                return false;
            }
        }
    }
}
