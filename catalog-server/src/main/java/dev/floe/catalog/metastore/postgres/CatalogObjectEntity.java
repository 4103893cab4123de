package dev.floe.catalog.metastore.postgres;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "catalog_objects")
public class CatalogObjectEntity extends PanacheEntityBase {
  @Id public Long id;

  @Column(name = "catalog_id", nullable = false)
  public long catalogId;

  @Column(name = "namespace_id", nullable = false)
  public long namespaceId;

  @Column(name = "namespace_path", nullable = false)
  public String namespacePath;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String kind;

  @Column(name = "metadata_location", nullable = false)
  public String metadataLocation;

  @Column(name = "previous_metadata_location")
  public String previousMetadataLocation;

  @Column public String location;
}
