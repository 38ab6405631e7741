using System.Data;
using System.Data.Common;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Documents;

/// <summary>
/// Where a document's bytes are kept once it has passed its checks. Each document records the store it went to, so
/// changing <c>Documents:Store</c> applies to new uploads and older documents stay readable where they are.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Recorded on each document: <see cref="PlanDocument.InFolder"/> or <see cref="PlanDocument.InDatabase"/>.</summary>
    string Name { get; }

    /// <summary>Where new uploads go, in words (Admin → System).</summary>
    string Description { get; }

    /// <summary>Takes in the checked upload at <paramref name="checkedFile"/> (which is gone afterwards).</summary>
    Task KeepAsync(string storedName, string checkedFile, CancellationToken cancellationToken);

    /// <summary>The document's bytes to send, read a piece at a time; null when they are missing.</summary>
    Task<Stream?> OpenAsync(string storedName, long sizeBytes, CancellationToken cancellationToken);

    Task DeleteAsync(string storedName, CancellationToken cancellationToken);
}

/// <summary>Both stores, and the one new uploads go to (<c>Documents:Store</c>).</summary>
public sealed class DocumentStores(FolderDocumentStore folder, DatabaseDocumentStore database, IOptions<DocumentOptions> options)
{
    public IDocumentStore ForNewUploads => options.Value.Store == DatabaseDocumentStore.StoreName ? database : folder;

    public IDocumentStore For(string storeName) => storeName == DatabaseDocumentStore.StoreName ? database : folder;
}

/// <summary>The data folder's <c>documents/</c>: one file per document (the default; share the folder between servers).</summary>
public sealed class FolderDocumentStore(DataFolder dataFolder) : IDocumentStore
{
    public const string StoreName = PlanDocument.InFolder;
    public string Name => StoreName;
    public string Description => "in the data folder";
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(dataFolder.Path, "documents")).FullName;

    public Task KeepAsync(string storedName, string checkedFile, CancellationToken cancellationToken)
    {
        File.Move(checkedFile, Path.Combine(Folder, storedName));
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenAsync(string storedName, long sizeBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, storedName);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null);
    }

    public Task DeleteAsync(string storedName, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(Folder, storedName));
        return Task.CompletedTask;
    }
}

/// <summary>
/// The database: each document as 1 MB <see cref="DocumentChunk"/> rows, written and read one piece at a time through
/// one reused buffer, so a 20 MB file never sits whole in memory. With PostgreSQL, every server sees every document
/// without a shared disk, and <c>pg_dump</c> backs them up with the rest.
/// </summary>
public sealed class DatabaseDocumentStore(IDbContextFactory<FspDbContext> dbFactory) : IDocumentStore
{
    public const string StoreName = PlanDocument.InDatabase;
    public const int ChunkBytes = 1024 * 1024;
    public string Name => StoreName;
    public string Description => "in the database";

    public async Task KeepAsync(string storedName, string checkedFile, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var file = new FileStream(checkedFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
            var buffer = new byte[ChunkBytes];
            for (var position = 0; ; position++)
            {
                var read = await file.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, cancellationToken);
                if (read == 0) break;
                await WriteChunkAsync(connection, transaction, storedName, position, buffer, read, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        File.Delete(checkedFile);
    }

    /// <summary>
    /// One piece. SQLite: a blob of the right size, filled through SQLite's incremental blob I/O; PostgreSQL: the buffer
    /// sent as a parameter cut to its length (Npgsql writes it from the array as it is).
    /// </summary>
    private static async Task WriteChunkAsync(DbConnection connection, DbTransaction transaction, string storedName, int position,
        byte[] buffer, int length, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        Add(insert, "name", storedName);
        Add(insert, "position", position);
        if (connection is SqliteConnection sqlite)
        {
            insert.CommandText = """INSERT INTO "DocumentChunks" ("StoredName", "Position", "Bytes") VALUES (@name, @position, zeroblob(@length)) RETURNING rowid""";
            Add(insert, "length", length);
            var rowId = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            await using var blob = new SqliteBlob(sqlite, "DocumentChunks", "Bytes", rowId);
            await blob.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
            return;
        }
        insert.CommandText = """INSERT INTO "DocumentChunks" ("StoredName", "Position", "Bytes") VALUES (@name, @position, @bytes)""";
        var bytes = insert.CreateParameter();
        bytes.ParameterName = "bytes";
        bytes.DbType = DbType.Binary;
        bytes.Value = buffer;
        bytes.Size = length;
        insert.Parameters.Add(bytes);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Stream?> OpenAsync(string storedName, long sizeBytes, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.DocumentChunks.AnyAsync(c => c.StoredName == storedName, cancellationToken))
        {
            await db.DisposeAsync();
            return null;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new ChunkStream(db, storedName, sizeBytes);
    }

    public async Task DeleteAsync(string storedName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DocumentChunks.Where(c => c.StoredName == storedName).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A document read back piece by piece on one open connection (closed with the stream).</summary>
    private sealed class ChunkStream(FspDbContext db, string storedName, long length) : Stream
    {
        private int nextPosition;
        private Stream? piece;
        private DbDataReader? reader;
        private long read;

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                if (piece is not null)
                {
                    var got = await piece.ReadAsync(destination, cancellationToken);
                    if (got > 0) { read += got; return got; }
                    await ClosePieceAsync();
                }
                if (!await OpenPieceAsync(cancellationToken)) return 0;
            }
        }

        /// <summary>
        /// The next piece as a stream over the row: SQLite's blob handle (by rowid) or Npgsql's column stream
        /// (sequential access): neither copies the piece into a new array.
        /// </summary>
        private async Task<bool> OpenPieceAsync(CancellationToken cancellationToken)
        {
            var connection = db.Database.GetDbConnection();
            await using var find = connection.CreateCommand();
            Add(find, "name", storedName);
            Add(find, "position", nextPosition++);
            if (connection is SqliteConnection sqlite)
            {
                find.CommandText = """SELECT rowid FROM "DocumentChunks" WHERE "StoredName" = @name AND "Position" = @position""";
                if (await find.ExecuteScalarAsync(cancellationToken) is not long rowId) return false;
                piece = new SqliteBlob(sqlite, "DocumentChunks", "Bytes", rowId, readOnly: true);
                return true;
            }
            find.CommandText = """SELECT "Bytes" FROM "DocumentChunks" WHERE "StoredName" = @name AND "Position" = @position""";
            var rows = await find.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await rows.ReadAsync(cancellationToken))
            {
                await rows.DisposeAsync();
                return false;
            }
            reader = rows;
            piece = rows.GetStream(0);
            return true;
        }

        private async Task ClosePieceAsync()
        {
            if (piece is not null) await piece.DisposeAsync();
            if (reader is not null) await reader.DisposeAsync();
            piece = null;
            reader = null;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private bool disposed;

        public override async ValueTask DisposeAsync()
        {
            if (disposed) return;
            disposed = true;
            await ClosePieceAsync();
            await db.DisposeAsync();
            GC.SuppressFinalize(this);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
