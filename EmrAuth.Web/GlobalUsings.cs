// The feature folders and infrastructure are one application: every file sees every feature's public types.
global using EmrAuth.Web.Components.Shared;
global using EmrAuth.Web.Components.Protocol;
global using EmrAuth.Web.Components.Layout;
global using EmrAuth.Web.Features.Accounts;
global using EmrAuth.Web.Features.AttackLab;
global using EmrAuth.Web.Features.Audit;
global using EmrAuth.Web.Features.Fhir;
global using EmrAuth.Web.Features.Migrations;
global using EmrAuth.Web.Features.Records;
global using EmrAuth.Web.Features.Registry;
global using EmrAuth.Web.Features.Setup;
global using EmrAuth.Web.Features.Visits;
global using EmrAuth.Web.Infrastructure;
global using EmrAuth.Web.Infrastructure.Persistence;
global using EmrAuth.Web.Infrastructure.Protocol;
global using EmrAuth.Web.Infrastructure.Sealing;
global using EmrAuth.Web.Infrastructure.Security;
