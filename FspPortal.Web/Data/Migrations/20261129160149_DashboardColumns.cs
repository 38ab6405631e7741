using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedUtc",
                table: "Plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastReviewUtc",
                table: "Plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewClockStartUtc",
                table: "Plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Plans_FamilyName",
                table: "Plans",
                column: "FamilyName");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_NextReviewDate",
                table: "Plans",
                column: "NextReviewDate");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Status_ReviewClockStartUtc",
                table: "Plans",
                columns: new[] { "Status", "ReviewClockStartUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_FamilyName",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_NextReviewDate",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_Status_ReviewClockStartUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "ClosedUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "LastReviewUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "ReviewClockStartUtc",
                table: "Plans");
        }
    }
}
