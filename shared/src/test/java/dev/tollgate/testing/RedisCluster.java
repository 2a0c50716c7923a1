package dev.tollgate.testing;

import dev.tollgate.redis.RedisConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.MigrateParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real local Redis Cluster for tests: masters (and optionally replicas) started as
 * {@link RedisProcess}es with {@code --cluster-enabled yes} on free ports, joined with plain
 * cluster commands (SET-CONFIG-EPOCH, ADDSLOTS, MEET, REPLICATE — what {@code redis-cli
 * --cluster create} does, so only a redis-server binary is needed), and ready once every
 * node reports {@code cluster_state:ok} with all 16384 slots covered.
 *
 * <p>Use {@link #shared()} for tests that only read and write (one cluster per test JVM) and
 * {@link #start(int, int)} for tests that change the topology ({@link #migrateSlot},
 * {@link #failover}, killing nodes); close those. Processes never outlive the JVM.
 */
public final class RedisCluster implements AutoCloseable {
  /** Slots in a Redis Cluster. */
  public static final int SLOTS = 16384;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static RedisCluster shared;

  private final List<RedisProcess> masters;
  private final List<RedisProcess> replicas;
  private final List<RedisProcess> nodes;

  private RedisCluster(List<RedisProcess> masters, List<RedisProcess> replicas) {
    this.masters = List.copyOf(masters);
    this.replicas = List.copyOf(replicas);
    List<RedisProcess> all = new ArrayList<>(masters);
    all.addAll(replicas);
    this.nodes = List.copyOf(all);
  }

  /** Whether a cluster can be started here (a redis-server binary was found). */
  public static boolean available() {
    return RedisBinary.available();
  }

  /** One three-master cluster for the whole test JVM; do not change its topology. */
  public static synchronized RedisCluster shared() {
    if (shared == null) {
      shared = start(3, 0);
    }
    return shared;
  }

  /**
   * Starts {@code masters} masters with {@code replicasPerMaster} replicas each and waits
   * until the cluster is ok. Fails with the binary-lookup message when no redis-server exists.
   */
  public static RedisCluster start(int masters, int replicasPerMaster) {
    List<RedisProcess> ms = new ArrayList<>();
    List<RedisProcess> rs = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        ms.add(node());
      }
      for (int i = 0; i < masters * replicasPerMaster; i++) {
        rs.add(node());
      }
    } catch (RuntimeException e) {
      ms.forEach(RedisProcess::close);
      rs.forEach(RedisProcess::close);
      throw e;
    }
    RedisCluster c = new RedisCluster(ms, rs);
    try {
      c.join(replicasPerMaster);
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static RedisProcess node() {
    return RedisProcess.start(true, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "3000", "--repl-diskless-sync-delay", "0"));
  }

  private void join(int replicasPerMaster) {
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis j = nodes.get(i).jedis()) {
        j.clusterSetConfigEpoch(i + 1);
      }
    }
    for (int m = 0; m < masters.size(); m++) {
      int from = m * SLOTS / masters.size();
      int to = (m + 1) * SLOTS / masters.size();
      try (Jedis j = masters.get(m).jedis()) {
        j.clusterAddSlots(IntStream.range(from, to).toArray());
      }
    }
    try (Jedis first = nodes.get(0).jedis()) {
      for (RedisProcess n : nodes.subList(1, nodes.size())) {
        first.clusterMeet("127.0.0.1", n.port());
      }
    }
    await("every node to know all " + nodes.size() + " nodes", () -> nodes.stream().allMatch(n -> {
      String view = clusterNodes(n);
      return view.lines().count() == nodes.size() && !view.contains("handshake") && !view.contains("noaddr");
    }));
    for (int r = 0; r < replicas.size(); r++) {
      String masterId = nodeId(masters.get(r / replicasPerMaster));
      try (Jedis j = replicas.get(r).jedis()) {
        j.clusterReplicate(masterId);
      }
    }
    awaitOk();
  }

  /**
   * Waits until every live node reports {@code cluster_state:ok} with all slots ok, every
   * replica's link to its master is up, and all nodes agree on the masters.
   */
  public void awaitOk() {
    await("cluster_state:ok on every node", () -> nodes.stream().filter(RedisProcess::alive).allMatch(n -> {
      try (Jedis j = n.jedis()) {
        String info = j.clusterInfo();
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SLOTS)) {
          return false;
        }
        String role = j.info("replication");
        return role.contains("role:master") || role.contains("master_link_status:up");
      }
    }) && agreeOnMasters());
  }

  private boolean agreeOnMasters() {
    List<String> views = nodes.stream().filter(RedisProcess::alive).map(n -> clusterNodes(n).lines()
        .filter(l -> l.contains("master") && !l.contains("fail")).map(l -> l.split(" ")[0]).sorted()
        .collect(Collectors.joining(","))).distinct().toList();
    return views.size() == 1;
  }

  /** The seed URL for {@link RedisConnector#connect}: {@code redis-cluster://127.0.0.1:p1,...}. */
  public String url() {
    return "redis-cluster://" + masters.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
  }

  /** A cluster client through {@link RedisConnector} with 2 s timeouts; the caller closes it. */
  public UnifiedJedis client() {
    return client(Duration.ofSeconds(2));
  }

  /** A cluster client through {@link RedisConnector} with {@code timeout} for connect and commands. */
  public UnifiedJedis client(Duration timeout) {
    return RedisConnector.connect(url(), null, timeout, timeout);
  }

  /** The nodes started as masters (after a failover a replica may have taken over). */
  public List<RedisProcess> masters() {
    return masters;
  }

  /** The nodes started as replicas. */
  public List<RedisProcess> replicas() {
    return replicas;
  }

  /** Every node. */
  public List<RedisProcess> nodes() {
    return nodes;
  }

  /** The cluster slot of {@code key} (hash tags respected). */
  public static int slot(String key) {
    return JedisClusterCRC16.getSlot(key);
  }

  /** The node that currently serves {@code key}'s slot. */
  public RedisProcess nodeForKey(String key) {
    return nodeForSlot(slot(key));
  }

  /** The node that currently serves {@code slot}, as seen by a live node. */
  public RedisProcess nodeForSlot(int slot) {
    String view = clusterNodes(nodes.stream().filter(RedisProcess::alive).findFirst()
        .orElseThrow(() -> new IllegalStateException("no live node")));
    for (String line : view.lines().toList()) {
      String[] f = line.split(" ");
      if (!f[2].contains("master") || f[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue;
        }
        String[] range = f[i].split("-");
        int lo = Integer.parseInt(range[0]);
        int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
        if (slot >= lo && slot <= hi) {
          return byAddress(f[1]);
        }
      }
    }
    throw new IllegalStateException("slot " + slot + " is not served by any master:\n" + view);
  }

  /** The cluster node id of {@code node}. */
  public String nodeId(RedisProcess node) {
    try (Jedis j = node.jedis()) {
      return j.clusterMyId();
    }
  }

  /** Moves the slot of {@code key} to {@code target}, see {@link #migrateSlot}. */
  public void migrateKeySlot(String key, RedisProcess target) {
    migrateSlot(slot(key), target);
  }

  /**
   * Moves {@code slot} with its keys to the master {@code target} while clients stay
   * connected, the way {@code redis-cli --cluster reshard} does (see {@link SlotMigration}).
   * Clients see ASK/MOVED redirects meanwhile.
   */
  public void migrateSlot(int slot, RedisProcess target) {
    SlotMigration m = beginMigration(slot, target);
    m.moveKeys(Integer.MAX_VALUE);
    m.finish();
  }

  /**
   * Starts moving {@code slot} to {@code target} and stops half way, so a test can act while
   * the slot is split: IMPORTING on the target, MIGRATING on the source. Move keys with
   * {@link SlotMigration#moveKeys}, end with {@link SlotMigration#finish}.
   */
  public SlotMigration beginMigration(int slot, RedisProcess target) {
    RedisProcess source = nodeForSlot(slot);
    if (source == target) {
      throw new IllegalArgumentException("slot " + slot + " is already on port " + target.port());
    }
    String sourceId = nodeId(source);
    String targetId = nodeId(target);
    try (Jedis t = target.jedis(); Jedis s = source.jedis()) {
      t.clusterSetSlotImporting(slot, sourceId);
      s.clusterSetSlotMigrating(slot, targetId);
    }
    return new SlotMigration(slot, source, target, targetId);
  }

  /** A slot being moved between two masters; see {@link #beginMigration}. */
  public final class SlotMigration {
    private final int slot;
    private final RedisProcess source;
    private final RedisProcess target;
    private final String targetId;

    private SlotMigration(int slot, RedisProcess source, RedisProcess target, String targetId) {
      this.slot = slot;
      this.source = source;
      this.target = target;
      this.targetId = targetId;
    }

    /** MIGRATEs up to {@code max} of the slot's keys still on the source; returns how many moved. */
    public int moveKeys(int max) {
      int moved = 0;
      try (Jedis s = source.jedis()) {
        while (moved < max) {
          List<byte[]> keys = s.clusterGetKeysInSlotBinary(slot, Math.min(100, max - moved));
          if (keys.isEmpty()) {
            break;
          }
          s.migrate("127.0.0.1", target.port(), 0, 5000, new MigrateParams(), keys.toArray(new byte[0][]));
          moved += keys.size();
        }
      }
      return moved;
    }

    /** Moves the remaining keys, then SETSLOT NODE on the target, the source and every other master. */
    public void finish() {
      moveKeys(Integer.MAX_VALUE);
      try (Jedis t = target.jedis(); Jedis s = source.jedis()) {
        t.clusterSetSlotNode(slot, targetId);
        s.clusterSetSlotNode(slot, targetId);
      }
      for (RedisProcess m : nodes) {
        if (m != source && m != target && m.alive() && isMaster(m)) {
          try (Jedis j = m.jedis()) {
            j.clusterSetSlotNode(slot, targetId);
          }
        }
      }
      await("slot " + slot + " to be served by port " + target.port() + " everywhere",
          () -> nodes.stream().filter(RedisProcess::alive).allMatch(n -> ownerPort(n, slot) == target.port()));
    }
  }

  /**
   * Promotes a replica of {@code master} with {@code CLUSTER FAILOVER} (a coordinated
   * manual failover: no write is lost) and waits until the cluster agrees; returns the new
   * master.
   */
  public RedisProcess failover(RedisProcess master) {
    String masterId = nodeId(master);
    RedisProcess replica = nodes.stream().filter(n -> n != master && n.alive())
        .filter(n -> clusterNodes(n).lines().anyMatch(l -> l.contains("myself") && l.contains(masterId)))
        .findFirst().orElseThrow(() -> new IllegalStateException("node on port " + master.port() + " has no replica"));
    try (Jedis j = replica.jedis()) {
      j.clusterFailover();
    }
    await("replica on port " + replica.port() + " to become master", () -> isMaster(replica));
    awaitOk();
    return replica;
  }

  /** SIGKILLs every node at once (the cluster is gone; {@link #close()} still cleans up). */
  public void kill() {
    nodes.forEach(RedisProcess::kill);
  }

  /** Kills every node and removes their directories. */
  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }

  private boolean isMaster(RedisProcess n) {
    try (Jedis j = n.jedis()) {
      return j.info("replication").contains("role:master");
    }
  }

  private int ownerPort(RedisProcess viewer, int slot) {
    try (Jedis j = viewer.jedis()) {
      for (Object o : j.clusterSlots()) {
        List<?> range = (List<?>) o;
        long lo = (Long) range.get(0);
        long hi = (Long) range.get(1);
        if (slot >= lo && slot <= hi) {
          return ((Long) ((List<?>) range.get(2)).get(1)).intValue();
        }
      }
      return -1;
    }
  }

  private RedisProcess byAddress(String address) {
    int port = Integer.parseInt(address.substring(address.indexOf(':') + 1).split("[@,]")[0]);
    return nodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown node " + address));
  }

  private static String clusterNodes(RedisProcess n) {
    try (Jedis j = n.jedis()) {
      return j.clusterNodes();
    }
  }

  private void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e;
      }
      RedisProcess.sleep(50);
    }
    String logs = nodes.stream().map(n -> "port " + n.port() + ":\n" + n.logTail()).collect(Collectors.joining("\n"));
    throw new IllegalStateException("timed out after " + READY_TIMEOUT + " waiting for " + what
        + (lastError == null ? "" : " (last error: " + lastError + ")") + "\n" + logs, lastError);
  }
}
