namespace FspPortal.Web.Features.Plans.Wizard;

/// <summary>
/// Nothing typed is lost, for both steppers (the plan's and Add review's): every change marks the form dirty; once
/// typing pauses for two seconds the form is kept as typed (unvalidated); it is kept again when the page closes.
/// <see cref="Status"/> is the line the page shows beside its buttons. Saves never overlap: Next or Save takes the same
/// lock with <see cref="ExclusiveAsync"/>.
/// </summary>
public sealed class Autosaver(TimeProvider clock, Func<Func<Task>, Task> invokeOnPage, Func<Task<bool>> keep, ILogger logger, string what) : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim saving = new(1, 1);
    private volatile bool dirty;
    private DateTimeOffset lastChange;
    private Timer? timer;

    public string? Status { get; set; }
    public bool IsDirty => dirty;

    /// <summary>Raised after a keep changed <see cref="Status"/> (the page re-renders).</summary>
    public event Action? StatusChanged;

    /// <summary>Starts the two-second check; call after the page's first interactive render.</summary>
    public void Start() => timer ??= new Timer(_ => _ = invokeOnPage(KeepIfQuietAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public void Changed()
    {
        dirty = true;
        lastChange = clock.GetUtcNow();
    }

    /// <summary>Forget the dirty mark (the form was just saved, or reloaded).</summary>
    public void Clean() => dirty = false;

    private Task KeepIfQuietAsync() => !dirty || clock.GetUtcNow() - lastChange < Quiet ? Task.CompletedTask : KeepNowAsync();

    /// <summary>Keeps the form now (with <paramref name="keepAs"/> instead of the usual keep, e.g. to resume at another step), unless a save is running.</summary>
    public async Task KeepNowAsync(Func<Task<bool>>? keepAs = null)
    {
        if (!await saving.WaitAsync(0)) return;
        try
        {
            dirty = false;
            if (await (keepAs ?? keep)()) Status = $"Draft saved at {Components.Shared.UkTime.ToUk(clock.GetUtcNow().UtcDateTime):HH:mm:ss}";
        }
        catch (Exception ex)
        {
            dirty = true; // try again on the next tick
            Status = "Could not save just now; we will keep trying. Please do not close this page.";
            logger.LogWarning(ex, "Keeping {What} failed", what);
        }
        finally { saving.Release(); }
        StatusChanged?.Invoke();
    }

    /// <summary>Runs a save (Next, Save review) with no keep running beside it.</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> save)
    {
        await saving.WaitAsync();
        try { return await save(); }
        finally { saving.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (timer is not null) await timer.DisposeAsync();
        if (dirty)
        {
            try { await keep(); } catch (Exception) { /* the circuit is going away; the last tick's keep stands */ }
        }
        saving.Dispose();
    }
}
