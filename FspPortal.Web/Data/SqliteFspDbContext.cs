using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Data;

/// <summary>The portal's database on SQLite (the default): its migrations are in Data/Migrations.</summary>
public sealed class SqliteFspDbContext(DbContextOptions<SqliteFspDbContext> options) : FspDbContext(options);
