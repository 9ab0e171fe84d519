// One process, or the ranks of an MPI job when carecast was built with MPI and
// started by mpirun. Only the sweep uses it; the engine knows nothing of MPI.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace carecast::batch {

class Cluster {
  public:
    Cluster(int* argc, char*** argv); // joins the MPI job only when launched by mpirun
    ~Cluster();
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    bool root() const { return rank_ == 0; }

    void broadcast(std::vector<char>& bytes) const; // from the root to all
    void send_to_root(int tag, const std::string& text) const;
    bool message_waiting() const;                // root
    std::pair<int, std::string> receive() const; // root: (tag, text), blocking
    int all_max(int value) const;                // the largest value over ranks
    void barrier() const;

  private:
    int rank_ = 0;
    int size_ = 1;
    bool mpi_ = false;
};

} // namespace carecast::batch
