using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnsavedStepsPerPerson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UnsavedStep",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "UnsavedStepJson",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "UnsavedUtc",
                table: "Plans");

            migrationBuilder.CreateTable(
                name: "PlanUnsavedSteps",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanUnsavedSteps");

            migrationBuilder.AddColumn<int>(
                name: "UnsavedStep",
                table: "Plans",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnsavedStepJson",
                table: "Plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UnsavedUtc",
                table: "Plans",
                type: "TEXT",
                nullable: true);
        }
    }
}
