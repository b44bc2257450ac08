// A widget's worker: a QObject that runs core jobs on its own named thread for the widget's
// whole life. Thread ownership, written once: the thread is a child of the owner, the worker
// lives on it and is deleted there when the thread finishes; destruction cancels the worker's
// job (its cancel() must be thread-safe), stops the thread's event loop and joins it, so no job
// outlives the widget.
#pragma once

#include <QObject>
#include <QString>
#include <QThread>

namespace semcot::ui {

template <typename Worker> class OwnedWorker {
public:
    OwnedWorker(QObject* owner, const QString& name)
        : thread_(new QThread(owner))
        , worker_(new Worker) {
        thread_->setObjectName(name);
        worker_->moveToThread(thread_);
        QObject::connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    }
    ~OwnedWorker() {
        worker_->cancel();
        thread_->quit();
        thread_->wait();
    }
    OwnedWorker(const OwnedWorker&) = delete;
    OwnedWorker& operator=(const OwnedWorker&) = delete;

    // Starts the thread's event loop; connect the worker's signals first.
    void start() { thread_->start(); }
    Worker* get() const { return worker_; }
    Worker* operator->() const { return worker_; }

private:
    QThread* thread_;
    Worker* worker_;
};

} // namespace semcot::ui
