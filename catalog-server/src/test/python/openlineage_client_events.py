"""Posts a Dagster-style asset run and a dbt-style model run to Floe with the openlineage-python client.

Run by ITOpenLineagePython with: FLOE_URL (Floe's base URL), FLOE_API_KEY (a service principal's
client-id:client-secret, sent as the transport's API key), TABLE_PATH (the absolute path of a
lakehouse table's location, which the Dagster asset writes), NAMESPACE (the Iceberg namespace of the
dbt models) and TAG (makes the job names unique). Exits non-zero when the client fails to deliver.
"""
import os
import uuid
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.generated.column_lineage_dataset import ColumnLineageDatasetFacet, Fields, InputField
from openlineage.client.generated.schema_dataset import SchemaDatasetFacet, SchemaDatasetFacetFields
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport

TRINO = "trino://trino.test:8080"


def now():
    return datetime.now(timezone.utc).isoformat()


def main():
    url, api_key = os.environ["FLOE_URL"], os.environ["FLOE_API_KEY"]
    table_path, namespace, tag = os.environ["TABLE_PATH"], os.environ["NAMESPACE"], os.environ["TAG"]
    client = OpenLineageClient(
        transport=HttpTransport(HttpConfig(url=url, endpoint="api/v1/lineage", timeout=10, auth=ApiKeyTokenProvider({"apiKey": api_key})))
    )

    # Dagster: an asset materialization reading a Postgres table and writing files under a table's location
    dagster_producer = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/dagster"
    run = Run(runId=str(uuid.uuid4()))
    job = Job(namespace="dagster", name=f"{tag}__orders_asset")
    source = InputDataset(namespace="postgres://db.test:5432", name="shop.public.orders")
    target = OutputDataset(namespace="file", name=table_path + "/data")
    client.emit(RunEvent(eventType=RunState.START, eventTime=now(), run=run, job=job, producer=dagster_producer))
    client.emit(
        RunEvent(eventType=RunState.COMPLETE, eventTime=now(), run=run, job=job, producer=dagster_producer, inputs=[source], outputs=[target])
    )

    # dbt: a model with its schema and column lineage, on the Trino adapter's names
    dbt_producer = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/dbt"
    raw = f"iceberg.{namespace}.raw_customers"
    model = OutputDataset(
        namespace=TRINO,
        name=f"iceberg.{namespace}.customers",
        facets={
            "schema": SchemaDatasetFacet(
                fields=[SchemaDatasetFacetFields(name="customer_id", type="bigint"), SchemaDatasetFacetFields(name="full_name", type="varchar")]
            ),
            "columnLineage": ColumnLineageDatasetFacet(
                fields={
                    "customer_id": Fields(inputFields=[InputField(namespace=TRINO, name=raw, field="id")]),
                    "full_name": Fields(
                        inputFields=[InputField(namespace=TRINO, name=raw, field="first_name"), InputField(namespace=TRINO, name=raw, field="last_name")],
                        transformationDescription="first_name || ' ' || last_name",
                    ),
                }
            ),
        },
    )
    dbt_run = Run(runId=str(uuid.uuid4()))
    dbt_job = Job(namespace="dbt", name=f"{tag}.model.jaffle_shop.customers")
    client.emit(RunEvent(eventType=RunState.START, eventTime=now(), run=dbt_run, job=dbt_job, producer=dbt_producer))
    client.emit(
        RunEvent(
            eventType=RunState.COMPLETE,
            eventTime=now(),
            run=dbt_run,
            job=dbt_job,
            producer=dbt_producer,
            inputs=[InputDataset(namespace=TRINO, name=raw)],
            outputs=[model],
        )
    )
    print("sent 4 events")


if __name__ == "__main__":
    main()
