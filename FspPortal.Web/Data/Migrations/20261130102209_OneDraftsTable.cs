using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneDraftsTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FormDrafts",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Form = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormDrafts", x => new { x.PlanId, x.UserId, x.Form });
                    table.ForeignKey(
                        name: "FK_FormDrafts_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Nothing typed is lost by the upgrade: both kinds of draft move into the one table (0 = stepper, 1 = review).
            migrationBuilder.Sql("""
                INSERT INTO "FormDrafts" ("PlanId", "UserId", "Form", "Step", "Json", "SavedUtc")
                SELECT "PlanId", "UserId", 0, "Step", "Json", "SavedUtc" FROM "PlanUnsavedSteps";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FormDrafts" ("PlanId", "UserId", "Form", "Step", "Json", "SavedUtc")
                SELECT "PlanId", "UserId", 1, "Step", "Json", "SavedUtc" FROM "ReviewDrafts";
                """);

            migrationBuilder.DropTable(
                name: "PlanUnsavedSteps");

            migrationBuilder.DropTable(
                name: "ReviewDrafts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FormDrafts");

            migrationBuilder.CreateTable(
                name: "PlanUnsavedSteps",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanUnsavedSteps", x => new { x.PlanId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PlanUnsavedSteps_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewDrafts",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewDrafts", x => new { x.PlanId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ReviewDrafts_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }
    }
}
