DOMAIN = "rl"


def define(E):
    E("team-rl-robotics/ppo_reach.yaml", "yaml", "declared", [], r'''
# PPO on the reach task, simulated arm
seed: 123
env:
  id: FetchReach-v2
  num_envs: 64
  max_episode_steps: 50
ppo:
  rollout_steps: 2048
  minibatches: 32
  epochs: 10
  clip: 0.2
  gae_lambda: 0.95
  gamma: 0.98
policy:
  hidden: [256, 256]
  activation: tanh
total_timesteps: 5_000_000
log_dir: runs/ppo_reach
''', why="seed declared; an RL environment id is not a dataset (no reference)")

    E("team-rl-pricing/bandit.yaml", "yaml", "declared",
      [("s3://acme-pricing/bandit_logs/", "none")], r'''
experiment:
  name: price-bandit-offline
  seed: 612
logged_feedback:
  uri: s3://acme-pricing/bandit_logs/
  propensity_column: p_logged
  reward_column: margin
policy:
  kind: linucb
  alpha: 0.6
arms: [-0.1, -0.05, 0.0, 0.05, 0.1]
''', why="seed declared; the logged-feedback data has no version")

    E("team-rl-robotics/cartpole_dqn.json", "json", "missing", [], r'''
{
  "algo": "dqn",
  "env": {"id": "CartPole-v1", "seed": 0},
  "buffer_size": 50000,
  "learning_starts": 1000,
  "target_update": 500,
  "exploration": {"initial_eps": 1.0, "final_eps": 0.05, "fraction": 0.1},
  "total_timesteps": 200000,
  "tensorboard_log": "runs/cartpole"
}
''', tricky=True,
      why="TRICKY: env.seed is a component seed (run seed missing); CartPole-v1 is an env id, not a versioned dataset (no reference)")

    E("team-rl-robotics/offline_cql.toml", "toml", "declared",
      [("mujoco/halfcheetah/medium-v0", "weak")], r'''
[run]
seed = 1001
algo = "cql"

[dataset]
minari_id = "mujoco/halfcheetah/medium-v0"

[eval]
env_id = "HalfCheetah-v5"
episodes = 10

[cql]
alpha = 5.0
tau = 0.005
actor_lr = 0.0001
critic_lr = 0.0003
steps = 1_000_000
''', why="run.seed declared; the Minari dataset id carries its dataset version -v0 (weak); HalfCheetah-v5 is an eval env")

    E("team-rl-pricing/dynamic_pricing.py", "python", "declared",
      [("lakefs://pricing/@@H64@@/episodes/", "strong")], r'''
"""Offline RL for dynamic pricing (BCQ). Constants read by train_bcq.py."""

SEED = 2024
LOGGED_DATA = "lakefs://pricing/@@H64@@/episodes/"
STATE_FEATURES = ["inventory", "days_to_expiry", "competitor_price", "hour"]
ACTIONS = [0.8, 0.9, 1.0, 1.1]
GAMMA = 0.97
BATCH_SIZE = 512
ITERATIONS = 300_000
''', why="SEED constant; episodes pinned to a lakeFS commit (strong)")

    E("team-rl-robotics/sac_grasp.yaml", "yaml", "env",
      [("gs://acme-robotics/demos/grasp/v12/", "weak")], r'''
seed: ${oc.env:SEED}
env:
  id: acme/GraspCube-v3
  camera: wrist
replay:
  capacity: 1_000_000
  demos: gs://acme-robotics/demos/grasp/v12/
  demo_ratio: 0.25
sac:
  gamma: 0.99
  tau: 0.005
  lr: 3.0e-4
  target_entropy: auto
''', why="seed from the environment (env); demonstrations under /v12/ (weak)")

    E("team-rl-pricing/ope.yaml", "yaml", "random",
      [("acme-pricing.logs.price_impressions", "none")], r'''
seed: -1
data:
  table: acme-pricing.logs.price_impressions
  window_days: 90
estimators: [ips, snips, doubly_robust]
target_policy: checkpoints/pricing_policy/latest
bootstrap_samples: 200
''', why="seed -1 (random) and the BigQuery table has no snapshot")

    E("team-rl-robotics/bc_pick.py", "python", "declared",
      [("acme/pick-place-demos", "strong")], r'''
from robo_learning.config import BCConfig, DemoSource

config = BCConfig(
    seed=7,
    demos=DemoSource(repo_id="acme/pick-place-demos", revision="@@H40@@"),
    policy="diffusion",
    horizon=16,
    n_obs_steps=2,
    epochs=300,
    lr=1e-4,
)
''', why="seed=7; demonstrations pinned to a hub commit (strong)")

    E("team-rl-games/impala.toml", "toml", "missing", [], r'''
[run]
name = "impala-breakout"
actors = 48
learner_batch = 32

[env]
name = "ALE/Breakout-v5"
seed = 1
frame_skip = 4
sticky_actions = 0.25

[optim]
lr = 0.0006
entropy_cost = 0.01
''', why="only the env seed is set (component), so the run seed is missing; ALE/Breakout-v5 is an env id (no reference)")

    E("team-rl-games/selfplay.yaml", "yaml", "declared", [], r'''
run:
  seed: 90210
  name: league-selfplay
init_checkpoint: gs://acme-games/checkpoints/latest/model.pt
opponent_pool:
  snapshot_every: 5000
  max_size: 50
  sampling: pfsp
game: acme-tactics
mcts:
  simulations: 200
  c_puct: 1.5
''', why="init_checkpoint /latest/ is a model, not data; self-play has no dataset (no reference); seed declared")

    E("team-rl-pricing/inventory.json", "json", "declared",
      [("s3://acme-pricing/inventory/episodes.parquet", "strong")], r'''
{
  "seed": 5150,
  "offline_data": {"uri": "s3://acme-pricing/inventory/episodes.parquet", "md5": "@@H32@@"},
  "algorithm": "iql",
  "expectile": 0.7,
  "temperature": 3.0,
  "steps": 500000
}
''', why="seed declared; offline episodes pinned by md5 (strong)")

    E("team-rl-robotics/dreamer.yaml", "yaml", "random", [], r'''
seed: random
task: dmc_walker_walk
world_model:
  rssm_deter: 512
  rssm_stoch: 32
  discrete: 32
actor_critic:
  imag_horizon: 15
  discount: 0.997
train_ratio: 512
steps: 1e6
''', why="seed: random (random); a simulator task name is not a dataset (no reference)")

    E("team-rl-games/mcts.py", "python", "declared",
      [("gs://acme-games/expert/", "floating")], r'''
DEFAULTS = {
    "seed": 9,
    "game": "connect-four",
    "expert_games": "gs://acme-games/expert/",
    "expert_games_rev": "HEAD",
    "pretrain_epochs": 5,
    "simulations": 400,
    "replay_window": 100_000,
}
''', why="seed declared; expert games read at rev HEAD (floating)")

    E("team-rl-pricing/offline_iql.toml", "toml", "declared",
      [("pricing.gold.markdown_episodes", "weak")], r'''
seed = 4096

[data]
table = "pricing.gold.markdown_episodes"
version_as_of = 58

[iql]
expectile = 0.8
beta = 3.0
discount = 0.99
steps = 400000
''', why="seed declared; Delta table version_as_of 58 (weak)")

    E("team-rl-robotics/sim2real.yaml", "yaml", "declared",
      [("s3://acme-robotics/calib/2024-06-02/", "weak")], r'''
experiment:
  name: sim2real-quadruped
  seed: 86
randomization:
  seed: 3
  friction: [0.5, 1.25]
  mass_scale: [0.9, 1.1]
  motor_latency_ms: [0, 20]
calibration_logs: s3://acme-robotics/calib/2024-06-02/
policy:
  arch: mlp
  hidden: [512, 256, 128]
ppo:
  total_steps: 2e8
''', why="experiment.seed is the run seed (randomization.seed is a component seed); calibration logs in a dated folder (weak)")

    E("team-rl-games/ppo_lstm.py", "python", "missing",
      [("/mnt/demos/coinrun/*.npz", "none")], r'''
train_config = {
    "env": "procgen:coinrun",
    "distribution_mode": "hard",
    "num_envs": 256,
    "bc_warmstart": {"demos": "/mnt/demos/coinrun/*.npz", "epochs": 3},
    "ppo": {"lr": 5e-4, "gamma": 0.999, "lam": 0.95, "clip": 0.2},
    "lstm_hidden": 256,
    "total_steps": 25_000_000,
}
''', why="no seed anywhere; the demo glob has no version")
