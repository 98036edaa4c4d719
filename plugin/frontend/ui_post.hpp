// Hands work from any thread (libobs signals on the generator's thread, the thumbnail worker) to a QObject
// on the UI thread: a queued invocation, never a direct call. After close() nothing more is posted, so the
// receiver may be deleted; events already queued die with it (Qt drops a deleted object's posted events).
#pragma once

#include <QMetaObject>
#include <QObject>

#include <mutex>
#include <utility>

namespace adiff {

class UiPost {
public:
	explicit UiPost(QObject *receiver) : receiver_(receiver) {}

	template<typename Fn> void post(Fn &&fn)
	{
		std::lock_guard<std::mutex> lock(mutex_); // close() waits for a post in progress
		if (receiver_)
			QMetaObject::invokeMethod(receiver_, std::forward<Fn>(fn), Qt::QueuedConnection);
	}

	void close()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		receiver_ = nullptr;
	}

private:
	std::mutex mutex_; // held only while posting an event (no I/O, no callback)
	QObject *receiver_;
};

} // namespace adiff
