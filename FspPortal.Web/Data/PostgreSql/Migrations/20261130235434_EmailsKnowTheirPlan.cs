using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.PostgreSql.Migrations
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingEmails_PlanId",
                table: "OutgoingEmails",
                column: "PlanId");

            // Emails queued before this version learn their plan from the link in their text, so that anonymising the
            // plan finds them (only the kinds about one plan: attached, admin opened, transfer decided).
            migrationBuilder.Sql("""
                UPDATE "OutgoingEmails" e SET "PlanId" = p."Id"
                FROM "Plans" p
                WHERE strpos(e."TextBody", '/plans/') > 0
                  AND e."Subject" IN ('You have been added to a Family Support Plan', 'An administrator opened a Family Support Plan you coordinate', 'Your transfer of a Family Support Plan was authorised', 'Your transfer of a Family Support Plan was declined')
                  AND p."Id"::text = substr(e."TextBody", strpos(e."TextBody", '/plans/') + 7, 36);
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
