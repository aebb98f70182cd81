// The portal's namespaces, for the service, component and data tests.
global using EmrAuth.Web.Components.Shared;
global using EmrAuth.Web.Components.Protocol;
global using EmrAuth.Web.Components.Layout;
global using EmrAuth.Web.Features.Accounts;
global using EmrAuth.Web.Features.AttackLab;
global using EmrAuth.Web.Features.Audit;
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
global using EmrAuth.Tests.Web.Support;
