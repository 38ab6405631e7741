using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EmailsKnowTheirPlan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PlanId",
                table: "OutgoingEmails",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingEmails_PlanId",
                table: "OutgoingEmails",
                column: "PlanId");

            // Emails queued before this version learn their plan from the link in their text, so that anonymising the
            // plan finds them (only the kinds about one plan: attached, admin opened, transfer decided).
            migrationBuilder.Sql("""
                UPDATE "OutgoingEmails" SET "PlanId" = upper(substr("TextBody", instr("TextBody", '/plans/') + 7, 36))
                WHERE instr("TextBody", '/plans/') > 0
                  AND "Subject" IN ('You have been added to a Family Support Plan', 'An administrator opened a Family Support Plan you coordinate', 'Your transfer of a Family Support Plan was authorised', 'Your transfer of a Family Support Plan was declined')
                  AND upper(substr("TextBody", instr("TextBody", '/plans/') + 7, 36)) IN (SELECT "Id" FROM "Plans");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutgoingEmails_PlanId",
                table: "OutgoingEmails");

            migrationBuilder.DropColumn(
                name: "PlanId",
                table: "OutgoingEmails");
        }
    }
}
