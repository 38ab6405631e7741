using System.Globalization;
using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Documents;

public sealed class DocumentOptions
{
    public const string Section = "Documents";
    /// <summary>Where new uploads are kept: "Folder" (the data folder's documents/, the default) or "Database".</summary>
    public string Store { get; set; } = FolderDocumentStore.StoreName;
    /// <summary>The largest file accepted, in megabytes (default 20).</summary>
    public int MaxFileSizeMB { get; set; } = 20;
    public long MaxFileSizeBytes => MaxFileSizeMB * 1024L * 1024L;
    /// <summary>ZIP-based files (Word, Excel, ODF): at most this many parts…</summary>
    public int MaxArchiveEntries { get; set; } = 10_000;
    /// <summary>…unpacking to at most this many megabytes in all…</summary>
    public int MaxUnpackedMB { get; set; } = 200;
    public long MaxUnpackedBytes => MaxUnpackedMB * 1024L * 1024L;
    /// <summary>…with no part over 1 MB packed more than this many times smaller.</summary>
    public int MaxCompressionRatio { get; set; } = 100;
    /// <summary>A virus scanner to run on each upload, with the file's path added as its last argument (e.g. /usr/bin/clamdscan).</summary>
    public string? VirusScanCommand { get; set; }
    public List<string> VirusScanArguments { get; set; } = [];
    /// <summary>Or a ClamAV daemon's Unix socket (e.g. /run/clamav/clamd.ctl).</summary>
    public string? ClamdSocket { get; set; }
}

public sealed record DocumentView(Guid Id, string FileName, string Kind, long SizeBytes, string AddedBy, DateTime AddedUtc, bool CanDelete);

public sealed record DocumentUploadResult(bool Succeeded, string? Problem, Guid? DocumentId = null)
{
    public static DocumentUploadResult Refused(string problem) => new(false, problem);
}

/// <summary>A document to send back: its bytes (read as they are sent; dispose when done), and the name and type to send them with.</summary>
public sealed record DocumentDownload(Stream Content, string FileName, string ContentType);

/// <summary>
/// A plan's documents: add (size limit, content checked, name made safe, stored under the data folder), list, download
/// (audited) and delete (uploader or coordinator, audited). Every call goes through <see cref="PlanAccess"/>; admins who
/// are not on the plan may list and download (audited as such) but not add or delete.
/// </summary>
public sealed class DocumentService(IDbContextFactory<FspDbContext> dbFactory, FolderDocumentStore folder, DocumentStores stores, IOptions<DocumentOptions> options,
    PlanStore store, PlanViewAudit views, TimeProvider clock, IVirusScanner scanner)
{
    /// <summary>Where uploads arrive and are checked (as ".part" files) before their store takes them in.</summary>
    public string Folder => folder.Folder;
    public long MaxBytes => options.Value.MaxFileSizeBytes;
    public string LimitInWords => $"{options.Value.MaxFileSizeMB} MB";

    public static string SizeInWords(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };

    /// <summary>
    /// Stores one file for the plan. <paramref name="declaredSize"/> (what the browser says) is checked first; the bytes
    /// are counted as they arrive too, so a wrong declaration cannot get past the limit.
    /// </summary>
    public async Task<DocumentUploadResult> UploadAsync(Guid planId, ClaimsPrincipal user, string? fileName, long declaredSize, Stream content,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var userId = user.UserId();
        var name = DocumentTypes.SafeFileName(fileName);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            if (!await db.Plans.VisibleTo(db, userId).AnyAsync(p => p.Id == planId, cancellationToken)) return DocumentUploadResult.Refused(PlanStore.NotFound);
        if (declaredSize > MaxBytes) return TooBig(name, declaredSize);

        var id = Guid.NewGuid();
        var storedName = id.ToString("N");
        var partial = Path.Combine(Folder, storedName + ".part");
        IDocumentStore? kept = null;
        try
        {
            long total = 0;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > MaxBytes) { file.Close(); File.Delete(partial); return TooBig(name, total); }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(total);
                }
            }
            if (total == 0) { File.Delete(partial); return DocumentUploadResult.Refused($"\u201c{name}\u201d is empty."); }

            if (DocumentTypes.ArchiveProblem(partial, name, options.Value) is { } archiveProblem) { File.Delete(partial); return DocumentUploadResult.Refused(archiveProblem); }
            var kind = DocumentTypes.Detect(partial, name);
            var extension = Path.GetExtension(name).ToLowerInvariant();
            if (kind is null || !kind.Extensions.Contains(extension))
            {
                File.Delete(partial);
                return DocumentUploadResult.Refused(kind is null
                    ? $"\u201c{name}\u201d cannot be added: its content is not a type the portal accepts ({DocumentTypes.AllowedInWords})."
                    : $"\u201c{name}\u201d cannot be added: its name says it is {Describe(extension)}, but its content is {kind.InASentence}. Check you chose the right file.");
            }

            var scan = await scanner.ScanAsync(partial, cancellationToken);
            if (scan.Verdict != ScanVerdict.Clean)
            {
                File.Delete(partial);
                return DocumentUploadResult.Refused(scan.Verdict == ScanVerdict.Infected
                    ? $"\u201c{name}\u201d cannot be added: the virus scanner found something harmful in it. Do not open it; tell your IT team."
                    : $"\u201c{name}\u201d cannot be added just now: it could not be checked for viruses. Please try again later.");
            }

            var keeper = stores.ForNewUploads;
            await keeper.KeepAsync(storedName, partial, cancellationToken);
            kept = keeper;
            // The row, its audit line and the live notification commit together; a refusal leaves no file behind.
            var saved = await store.ChangeAsync(planId, userId, (plan, _) => plan.RecordDocumentAdded(userId, id, name, kind.Name, total),
                alongside: db => db.PlanDocuments.Add(new PlanDocument
                {
                    Id = id, PlanId = planId, FileName = name, Kind = kind.Name, ContentType = kind.ContentType, SizeBytes = total,
                    StoredName = storedName, Store = keeper.Name, UploadedByUserId = userId, UploadedUtc = clock.GetUtcNow().UtcDateTime,
                }));
            if (!saved.Succeeded)
            {
                await keeper.DeleteAsync(storedName, CancellationToken.None);
                return DocumentUploadResult.Refused(saved.Problem!);
            }
            return new DocumentUploadResult(true, null, id);
        }
        catch
        {
            File.Delete(partial);
            if (kept is not null) await kept.DeleteAsync(storedName, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Removes partial uploads left by a crash (a ".part" file older than an hour: no upload takes that long, and a
    /// second server sharing the folder may be writing a newer one). Run at start.
    /// </summary>
    public int SweepPartialUploads()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var swept = 0;
        foreach (var part in Directory.EnumerateFiles(Folder, "*.part"))
        {
            if (File.GetLastWriteTimeUtc(part) > cutoff) continue;
            try { File.Delete(part); swept++; } catch (IOException) { } // in use: the next start
        }
        return swept;
    }

    private DocumentUploadResult TooBig(string name, long size) =>
        DocumentUploadResult.Refused($"\u201c{name}\u201d is too large ({SizeInWords(size)}): the limit is {LimitInWords} per file.");

    private static string Describe(string extension) => DocumentTypes.All.FirstOrDefault(k => k.Extensions.Contains(extension)) is { } named
        ? named.InASentence : $"a \u201c{extension}\u201d file";

    /// <summary>The plan's documents, newest first, or null when the user may not see the plan.</summary>
    public async Task<IReadOnlyList<DocumentView>?> ListAsync(Guid planId, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        await using var db = await dbFactory.CreateDbContextAsync();
        var reader = await PlanAccess.ReaderAsync(db, planId, user, clock.GetUtcNow().UtcDateTime);
        if (!reader.ReadsContent()) return null;
        var coordinator = await db.PlanMembers.AnyAsync(m => m.PlanId == planId && m.UserId == userId && m.IsActive && m.Role == PlanRole.Coordinator);
        var rows = await db.PlanDocuments.AsNoTracking().Where(d => d.PlanId == planId)
            .OrderByDescending(d => d.UploadedUtc)
            .GroupJoin(db.Users, d => d.UploadedByUserId, u => u.Id, (d, users) => new { d, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.d, Name = u == null ? null : u.FullName })
            .ToListAsync();
        return rows.Select(r => new DocumentView(r.d.Id, r.d.FileName, r.d.Kind, r.d.SizeBytes, r.Name ?? "A former user", r.d.UploadedUtc,
            reader == PlanReader.Member && (coordinator || r.d.UploadedByUserId == userId))).ToList();
    }

    /// <summary>The document to send, after the access check; every download (and every refusal) is audited.</summary>
    public async Task<DocumentDownload?> OpenAsync(Guid planId, Guid documentId, ClaimsPrincipal user)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var reader = await PlanAccess.ReaderAsync(db, planId, user, clock.GetUtcNow().UtcDateTime);
        // An admin who has not given a reason is refused like a stranger (the overview asks for the reason first).
        if (!reader.ReadsContent()) reader = PlanReader.None;
        var document = reader == PlanReader.None ? null : await db.PlanDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.PlanId == planId);
        var content = document is null ? null : await stores.For(document.Store).OpenAsync(document.StoredName, document.SizeBytes, CancellationToken.None);
        var found = content is not null;
        try
        {
            await views.RecordAsync(planId, user, found ? reader : PlanReader.None,
                document is null ? "a document" : $"the document \u201c{document.FileName}\u201d", PlanReadKind.Document,
                details: document is null ? $"document {documentId}" : document.FileName);
        }
        catch
        {
            if (content is not null) await content.DisposeAsync(); // not sent unaudited, and its connection is given back
            throw;
        }
        return found ? new DocumentDownload(content!, document!.FileName, document.ContentType) : null;
    }

    /// <summary>Deletes a document: its uploader or a coordinator of the plan (audited). The file goes with the row.</summary>
    public async Task<DocumentUploadResult> DeleteAsync(Guid planId, Guid documentId, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        PlanDocument? document;
        await using (var db = await dbFactory.CreateDbContextAsync())
            document = await db.PlanDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.PlanId == planId);
        if (document is null) return DocumentUploadResult.Refused("This document was not found.");
        // The aggregate decides who may delete (uploader or coordinator); the row goes in the same transaction as the audit line.
        var deleted = await store.ChangeAsync(planId, userId, (plan, _) => plan.RecordDocumentDeleted(userId, document.Id, document.FileName, document.UploadedByUserId),
            alongside: db => db.PlanDocuments.Remove(new PlanDocument { Id = document.Id }));
        if (!deleted.Succeeded)
            return DocumentUploadResult.Refused(deleted.Problem == PlanStore.NotFound ? "This document was not found." : deleted.Problem!);
        await stores.For(document.Store).DeleteAsync(document.StoredName, CancellationToken.None);
        return new DocumentUploadResult(true, null, documentId);
    }
}

public static class DocumentAuditActions
{
    public const string Added = "Plan.DocumentAdded";
    public const string Downloaded = "Plan.DocumentDownloaded";
    public const string AdminDownloaded = "Plan.DocumentAdminDownloaded";
    public const string DownloadRefused = "Plan.DocumentDownloadRefused";
    public const string Deleted = "Plan.DocumentDeleted";
}
