using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class NightlyJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PendingTransferSinceUtc",
                table: "Plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReferenceNumber",
                table: "Plans",
                type: "INTEGER",
                nullable: true);

            // Plans numbered before this column existed keep their numbers (the nightly numbering continues from the highest).
            migrationBuilder.Sql("""UPDATE "Plans" SET "ReferenceNumber" = CAST(substr("Reference", 5) AS INTEGER) WHERE "Reference" LIKE 'FSP-%'""");

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TriggeredBy = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReviewReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Anchor = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EmailedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewReminders_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_PendingTransferSinceUtc",
                table: "Plans",
                column: "PendingTransferSinceUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ReferenceNumber",
                table: "Plans",
                column: "ReferenceNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Status_ReviewClockStartUtc",
                table: "Plans",
                columns: new[] { "Status", "ReviewClockStartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_JobName_StartedUtc",
                table: "JobRuns",
                columns: new[] { "JobName", "StartedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_StartedUtc",
                table: "JobRuns",
                column: "StartedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewReminders_EmailedUtc",
                table: "ReviewReminders",
                column: "EmailedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewReminders_PlanId_Kind_Anchor",
                table: "ReviewReminders",
                columns: new[] { "PlanId", "Kind", "Anchor" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "ReviewReminders");

            migrationBuilder.DropIndex(
                name: "IX_Plans_PendingTransferSinceUtc",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_ReferenceNumber",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_Status_ReviewClockStartUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "PendingTransferSinceUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "ReferenceNumber",
                table: "Plans");
        }
    }
}
