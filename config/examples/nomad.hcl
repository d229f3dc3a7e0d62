# psd as the task's entrypoint under Nomad, with psd-http as the service
# check and the metrics endpoint.  kill_timeout (30s) stays above psd's
# shutdown_timeout (25s), which covers the stop chain api -> db (18s).
job "app" {
  datacenters = ["dc1"]
  type        = "service"

  group "app" {
    network {
      port "http" { to = 8080 }
      port "psd" { to = 9100 }
    }

    task "app" {
      driver = "docker"

      config {
        image   = "registry.example.com/app:1.0"
        command = "psd"
        args    = ["-c", "/etc/psd/fleet.ini"]
        ports   = ["http", "psd"]
      }

      # Nomad sends kill_signal, waits kill_timeout, then SIGKILL.
      kill_signal  = "SIGTERM"
      kill_timeout = "30s"

      service {
        name     = "app"
        port     = "http"
        provider = "nomad"

        check {
          name     = "psd ready"
          type     = "http"
          port     = "psd"
          path     = "/readyz"
          interval = "5s"
          timeout  = "2s"
        }
      }

      service {
        name     = "app-metrics"
        port     = "psd"
        provider = "nomad"
        tags     = ["prometheus"]

        check {
          name     = "psd alive"
          type     = "http"
          path     = "/healthz"
          interval = "10s"
          timeout  = "2s"
        }
      }
    }
  }
}
