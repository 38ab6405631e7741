using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AnonymisedUtc",
                table: "Plans",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "LegalHold",
                table: "Plans",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RetentionStartsOn",
                table: "Plans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "YoungestChildBirthDate",
                table: "Plans",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Plans_RetentionStartsOn_AnonymisedUtc",
                table: "Plans",
                columns: new[] { "RetentionStartsOn", "AnonymisedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_RetentionStartsOn_AnonymisedUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "AnonymisedUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "LegalHold",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "RetentionStartsOn",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "YoungestChildBirthDate",
                table: "Plans");
        }
    }
}
