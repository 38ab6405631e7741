using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ManagerFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_AgencyCode_Status",
                table: "Plans");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Plans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DaysToClose",
                table: "Plans",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "StartedOn",
                table: "Plans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ManagesAgencyCode",
                table: "AspNetUsers",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Plans_ClosedOn_AgencyCode_DaysToClose",
                table: "Plans",
                columns: new[] { "ClosedOn", "AgencyCode", "DaysToClose" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_StartedOn_AgencyCode",
                table: "Plans",
                columns: new[] { "StartedOn", "AgencyCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Status_AgencyCode_ReviewClockStartUtc",
                table: "Plans",
                columns: new[] { "Status", "AgencyCode", "ReviewClockStartUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Plans_ClosedOn_AgencyCode_DaysToClose",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_StartedOn_AgencyCode",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_Status_AgencyCode_ReviewClockStartUtc",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "DaysToClose",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "StartedOn",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "ManagesAgencyCode",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_AgencyCode_Status",
                table: "Plans",
                columns: new[] { "AgencyCode", "Status" });
        }
    }
}
