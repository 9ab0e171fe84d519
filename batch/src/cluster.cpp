#include <carecast/batch/cluster.hpp>

#include <cstdlib>

#ifdef CARECAST_WITH_MPI
#include <mpi.h>
#endif

namespace carecast::batch {

namespace {

bool launched_by_mpirun() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
        if (std::getenv(name) != nullptr) {
            return true;
        }
    }
    return false;
}

} // namespace

Cluster::Cluster([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#ifdef CARECAST_WITH_MPI
    if (launched_by_mpirun()) {
        MPI_Init(argc, argv);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
        mpi_ = true;
    }
#else
    (void)launched_by_mpirun;
#endif
}

Cluster::~Cluster() {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        MPI_Finalize();
    }
#endif
}

void Cluster::broadcast([[maybe_unused]] std::vector<char>& bytes) const {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        unsigned long long size = bytes.size();
        MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
        bytes.resize(size);
        MPI_Bcast(bytes.data(), static_cast<int>(size), MPI_CHAR, 0, MPI_COMM_WORLD);
    }
#endif
}

void Cluster::send_to_root([[maybe_unused]] int tag,
                           [[maybe_unused]] const std::string& text) const {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
    }
#endif
}

bool Cluster::message_waiting() const {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        int flag = 0;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        return flag != 0;
    }
#endif
    return false;
}

std::pair<int, std::string> Cluster::receive() const {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        MPI_Status status;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        int count = 0;
        MPI_Get_count(&status, MPI_CHAR, &count);
        std::string text(static_cast<std::size_t>(count), '\0');
        MPI_Recv(text.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        return {status.MPI_TAG, std::move(text)};
    }
#endif
    return {-1, {}};
}

int Cluster::all_max(int value) const {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        int out = value;
        MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return out;
    }
#endif
    return value;
}

void Cluster::barrier() const {
#ifdef CARECAST_WITH_MPI
    if (mpi_) {
        MPI_Barrier(MPI_COMM_WORLD);
    }
#endif
}

} // namespace carecast::batch
