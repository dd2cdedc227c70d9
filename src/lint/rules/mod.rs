//! The rules, one per file. Each file declares its rule with [`crate::declare_rule!`]
//! (code, name, group, default level, and its documentation in its doc comment) and
//! implements its check.

mod coupled_pipeline_steps;
mod critical_single_replica;
mod database_without_standby;
mod dr_misses_objectives;
mod fixed_capacity_under_variable_load;
mod internet_exposed_datastore;
mod manual_deployment;
mod missing_health_check;
mod orchestration_overkill;
mod orphaned_component;
mod over_budget;
mod queue_without_dlq;
mod region_without_dr;
mod serverless_continuous_workload;
mod serverless_db_connection_storm;
mod shared_cluster_without_bulkheads;
mod single_az_deployment;
mod single_point_of_failure;
mod stateful_store_without_backup;
mod static_assets_from_app_server;
mod sync_dependency_cycle;
mod unbuffered_webhook;
mod uncached_hot_database;
mod unencrypted_sensitive_data;
mod unguarded_public_entry;
mod unmonitored_critical_component;
mod unprotected_sync_dependency;
pub(crate) mod unused_suppression;

use super::Rule;
use crate::model::{AttrValue, Diagram, NodeId};

/// Kinds that run application code.
pub(crate) const COMPUTE: &[crate::model::schema::Kind] = &[
    crate::model::schema::Kind::Service,
    crate::model::schema::Kind::Container,
    crate::model::schema::Kind::Vm,
    crate::model::schema::Kind::Host,
    crate::model::schema::Kind::Function,
];

/// Every rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &single_point_of_failure::SinglePointOfFailure,
    &single_az_deployment::SingleAzDeployment,
    &region_without_dr::RegionWithoutDr,
    &dr_misses_objectives::DrMissesObjectives,
    &database_without_standby::DatabaseWithoutStandby,
    &stateful_store_without_backup::StatefulStoreWithoutBackup,
    &missing_health_check::MissingHealthCheck,
    &fixed_capacity_under_variable_load::FixedCapacityUnderVariableLoad,
    &unbuffered_webhook::UnbufferedWebhook,
    &unprotected_sync_dependency::UnprotectedSyncDependency,
    &queue_without_dlq::QueueWithoutDlq,
    &sync_dependency_cycle::SyncDependencyCycle,
    &shared_cluster_without_bulkheads::SharedClusterWithoutBulkheads,
    &coupled_pipeline_steps::CoupledPipelineSteps,
    &uncached_hot_database::UncachedHotDatabase,
    &serverless_continuous_workload::ServerlessContinuousWorkload,
    &serverless_db_connection_storm::ServerlessDbConnectionStorm,
    &static_assets_from_app_server::StaticAssetsFromAppServer,
    &unencrypted_sensitive_data::UnencryptedSensitiveData,
    &internet_exposed_datastore::InternetExposedDatastore,
    &unguarded_public_entry::UnguardedPublicEntry,
    &orchestration_overkill::OrchestrationOverkill,
    &critical_single_replica::CriticalSingleReplica,
    &over_budget::OverBudget,
    &manual_deployment::ManualDeployment,
    &unmonitored_critical_component::UnmonitoredCriticalComponent,
    &orphaned_component::OrphanedComponent,
    &unused_suppression::UnusedSuppression,
];

/// A declaration's criticality: its own, or the nearest enclosing declaration's.
pub(crate) fn criticality(d: &Diagram, id: NodeId) -> Option<&str> {
    std::iter::once(d.node(id))
        .chain(d.ancestors(id))
        .find_map(|n| match n.attrs.get("criticality") {
            Some(AttrValue::Word(w)) => Some(w.as_str()),
            _ => None,
        })
}

/// Per node, whether another declaration names it in an attribute (`standby`,
/// `replica_of`, `dlq`, `zones`): it is used, even with no arrow. One pass.
pub(crate) fn referenced(d: &Diagram) -> Vec<bool> {
    fn mark(v: &AttrValue, out: &mut [bool]) {
        match v {
            AttrValue::Ref(r) => out[r.0] = true,
            AttrValue::List(items) => items.iter().for_each(|i| mark(i, out)),
            _ => {}
        }
    }
    let mut out = vec![false; d.nodes.len()];
    for n in &d.nodes {
        for (_, a) in n.attrs.iter() {
            mark(&a.value, &mut out);
        }
    }
    out
}

/// `name` or `name "Label"`, as a message shows a declaration.
pub(crate) fn shown(d: &Diagram, id: NodeId) -> String {
    let node = d.node(id);
    match &node.label {
        Some(label) => format!("`{}` ({label})", node.qualified),
        None => format!("`{}`", node.qualified),
    }
}

/// The disaster-recovery strategy the context declares (`none` when it declares none).
pub(crate) fn dr_strategy(d: &Diagram) -> &str {
    match d.context.get("dr") {
        Some(AttrValue::Word(w)) => w.as_str(),
        _ => "none",
    }
}

/// Whether a store in one region replicates a store of another (`replica_of` across
/// regions): the data survives the loss of a region.
pub(crate) fn cross_region_copy(d: &Diagram) -> bool {
    use crate::model::schema::Kind;
    d.nodes.iter().any(|n| match n.attrs.get("replica_of") {
        Some(AttrValue::Ref(src)) => {
            let region = |id| d.enclosing(id, Kind::Region).map(|r| r.id);
            region(n.id) != region(*src)
        }
        _ => false,
    })
}
