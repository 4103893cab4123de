package dev.floe.catalog.metastore.postgres;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "namespaces")
public class NamespaceEntity extends PanacheEntityBase {
  @Id public Long id;

  @Column(name = "catalog_id", nullable = false)
  public long catalogId;

  @Column(nullable = false)
  public String path;

  @Column(name = "parent_path", nullable = false)
  public String parentPath;

  @Column(nullable = false)
  public String properties;
}
