using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Reference;

/// <summary>The reference lists as the forms need them: active entries to choose from, every entry to read labels.</summary>
public sealed class ReferenceSnapshot(IReadOnlyList<ReferenceItem> items)
{
    public IReadOnlyList<ReferenceEntry> Choices(string list) =>
        items.Where(i => i.ListName == list && i.IsActive).OrderBy(i => i.SortOrder).Select(i => new ReferenceEntry(i.Code, i.Label)).ToList();

    /// <summary>The label for a stored code, retired or not; the code itself when unknown.</summary>
    public string Label(string list, string? code) =>
        code is null ? "" : items.FirstOrDefault(i => i.ListName == list && i.Code == code)?.Label ?? code;

    public bool IsChoice(string list, string? code) => items.Any(i => i.ListName == list && i.Code == code && i.IsActive);

    /// <summary>Every code of a list, retired ones included (a plan may still hold them).</summary>
    public IReadOnlyList<string> AllCodes(string list) => items.Where(i => i.ListName == list).Select(i => i.Code).ToList();

    public IReadOnlyList<string> ActiveAspectCodes => Choices(ReferenceLists.Aspects).Select(a => a.Code).ToList();
}

/// <summary>Seeds the default lists on start and serves them from memory (they change rarely).</summary>
public sealed class ReferenceData(IDbContextFactory<FspDbContext> dbFactory)
{
    private ReferenceSnapshot? snapshot;

    public async Task<ReferenceSnapshot> GetAsync()
    {
        if (snapshot is { } cached) return cached;
        await using var db = await dbFactory.CreateDbContextAsync();
        return snapshot = new ReferenceSnapshot(await db.ReferenceItems.AsNoTracking().ToListAsync());
    }

    public void Invalidate() => snapshot = null;

    /// <summary>Adds every default entry whose code the list does not have yet (a retired entry is not brought back).</summary>
    public static async Task SeedAsync(FspDbContext db)
    {
        var existing = (await db.ReferenceItems.Select(i => new { i.ListName, i.Code }).ToListAsync()).Select(i => (i.ListName, i.Code)).ToHashSet();
        foreach (var (list, entries) in ReferenceLists.Defaults)
            for (var i = 0; i < entries.Count; i++)
                if (!existing.Contains((list, entries[i].Code)))
                    db.ReferenceItems.Add(new ReferenceItem { ListName = list, Code = entries[i].Code, Label = entries[i].Label, SortOrder = i, IsActive = true });
        await db.SaveChangesAsync();
    }
}
