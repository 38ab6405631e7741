using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FspPortal.Web.Data;

/// <summary>
/// Per-connection SQLite settings: WAL itself persists in the file, but these must be set on every
/// connection. busy_timeout lets a writer wait for another instead of failing with "database is locked".
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // cache_size: 32 MB of pages per connection (SQLite's default is 2 MB), which set-based jobs over a large council need.
    // secure_delete: deleted and overwritten content is zeroed in the file, so a plan anonymised under the retention rule
    // leaves no name behind in free pages (the data is about children; the cost is a little more writing).
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
