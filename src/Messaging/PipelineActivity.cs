namespace HeatRelief.Messaging;

/// <summary>Counts handlers at work, so a local host can tell when the pipeline has gone quiet.</summary>
public sealed class PipelineActivity
{
    private int _active;
    private long _completed;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Handler runs finished (successfully or not) since start.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Marks one unit of work as running until the returned scope is disposed.</summary>
    public IDisposable Begin()
    {
        Interlocked.Increment(ref _active);
        return new Scope(this);
    }

    private sealed class Scope(PipelineActivity owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._active);
                Interlocked.Increment(ref owner._completed);
            }
        }
    }
}
