using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Plans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    LastStep = table.Column<int>(type: "INTEGER", nullable: false),
                    StateJson = table.Column<string>(type: "TEXT", nullable: false),
                    UnsavedStep = table.Column<int>(type: "INTEGER", nullable: true),
                    UnsavedStepJson = table.Column<string>(type: "TEXT", nullable: true),
                    UnsavedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChildFirstName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ChildLastName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ChildDateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PostcodeSearch = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NextReviewDate = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReferenceItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ListName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlanMembers",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    AddedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanMembers", x => new { x.PlanId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PlanMembers_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlanMembers_UserId_IsActive_PlanId",
                table: "PlanMembers",
                columns: new[] { "UserId", "IsActive", "PlanId" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ChildDateOfBirth",
                table: "Plans",
                column: "ChildDateOfBirth");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ChildLastName",
                table: "Plans",
                column: "ChildLastName");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_PostcodeSearch",
                table: "Plans",
                column: "PostcodeSearch");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Reference",
                table: "Plans",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Status_UpdatedUtc",
                table: "Plans",
                columns: new[] { "Status", "UpdatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferenceItems_ListName_Code",
                table: "ReferenceItems",
                columns: new[] { "ListName", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanMembers");

            migrationBuilder.DropTable(
                name: "ReferenceItems");

            migrationBuilder.DropTable(
                name: "Plans");
        }
    }
}
