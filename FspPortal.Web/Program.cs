using FspPortal.Web.Extensions;

// A table of contents: each area registers itself in Extensions/.
var builder = WebApplication.CreateBuilder(args);
builder.AddFspPortal();

var app = builder.Build();
await app.InitialiseDatabaseAsync();
app.MapFspPortal();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
